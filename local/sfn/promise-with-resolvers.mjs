// aws-local-stepfunctions 3 declares Node >= 22, but the only newer API it calls is
// Promise.withResolvers (Node 22, ES2024). This spec-equivalent polyfill lets it run on Node 20,
// so a machine needs nothing beyond Node 20 + npm. On Node 22+ it does nothing.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
