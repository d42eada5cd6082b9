// Executes Amazon States Language definitions locally with aws-local-stepfunctions, for the Java
// StateMachineRunner (local/src/main/java/com/auroracdc/local/sfn/StateMachineRunner.java).
//
// Protocol: one JSON object per line on stdin, one JSON object per line on stdout.
//   in:  {"id":"r1","definition":{...},"input":{...},"endpoint":"http://127.0.0.1:PORT",
//         "waitMillis":50,"waitMillisByState":{"WaitForReboot":200},"retryIntervalMillis":10,
//         "context":{"Execution":{"Id":"...","Name":"..."},"StateMachine":{...}}}
//        {"abort":"r1"}
//   out: {"run":"r1","type":"StateEntered","state":"Inspect","stateType":"Task","input":{...},...}
//        ... and last for each run {"run":"r1","type":"Result","status":"SUCCEEDED|FAILED|TIMED_OUT|ABORTED",
//        "output":...,"error":...,"cause":...}, or {"run":"r1","type":"HarnessError","message":"..."}.
// Several runs may be in flight at once (a second execution while the first holds a lock). The process
// exits once stdin is closed and every run has finished, so one Node start-up serves many executions.
//
// Task states are served by the Java LocalLambdaEndpoint through the Lambda Invoke API, called here with
// fetch instead of the library's AWS SDK client, so that errors get the names Step Functions gives them:
//   function error (X-Amz-Function-Error)  -> Error = payload.errorType, Cause = the payload as JSON text
//   Lambda service error (HTTP 4xx/5xx)    -> Error = "Lambda." + x-amzn-ErrorType, e.g. Lambda.TooManyRequestsException
//   endpoint unreachable                   -> Error = "Lambda.SdkClientException"
// (The library's own client would name a 429 "TooManyRequestsException" without the "Lambda." prefix,
// retry it silently inside the SDK, and put "<type>: <message>" in the Cause.)
import './promise-with-resolvers.mjs';
import { createInterface } from 'node:readline';
import { StateMachine, ExecutionTimeoutError, ExecutionAbortedError } from 'aws-local-stepfunctions';

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:.+$/;
const LAMBDA_INVOKE_INTEGRATION = /^arn:aws[a-z-]*:states:::lambda:invoke$/;

const executions = new Map();
const running = new Set();
// Validating a definition costs 150-500 ms (asl-validator compiles its schema each time): once per text is enough.
const validatedDefinitions = new Set();

function emit(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function causeText(cause) {
  if (cause === undefined || cause === null) return null;
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}

/** An error the library matches against Retry/Catch ErrorEquals by its name; the Cause is its message. */
function stepFunctionsError(name, cause, { retryable = true, catchable = true } = {}) {
  const error = new Error(cause, { cause });
  error.name = name;
  // Read by the library as `error.isRetryable ?? true` and `error.isCatchable ?? true`.
  error.isRetryable = retryable;
  error.isCatchable = catchable;
  return error;
}

/** Every state of a definition, nested Map item processors and Parallel branches included. */
function* allStates(definition) {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    yield [name, state];
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) yield* allStates(processor);
    for (const branch of state.Branches ?? []) yield* allStates(branch);
  }
}

async function invokeLambda(endpoint, functionName, payload, qualifier) {
  const query = qualifier ? `?Qualifier=${encodeURIComponent(qualifier)}` : '';
  const url = `${endpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations${query}`;
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
      body: JSON.stringify(payload ?? null),
    });
  } catch (e) {
    throw stepFunctionsError('Lambda.SdkClientException',
      `Unable to execute HTTP request: ${e.cause?.message ?? e.message} (local Lambda endpoint ${endpoint})`);
  }
  const text = await response.text();
  if (response.status < 200 || response.status > 299) {
    const type = (response.headers.get('x-amzn-errortype') ?? 'AWSLambdaException').split(':')[0];
    let message = text;
    try {
      const body = JSON.parse(text);
      message = body.message ?? body.Message ?? text;
    } catch { /* not JSON: keep the text */ }
    const requestId = response.headers.get('x-amzn-requestid') ?? 'local';
    throw stepFunctionsError(`Lambda.${type}`,
      `${message} (Service: Lambda, Status Code: ${response.status}, Request ID: ${requestId})`);
  }
  const functionError = response.headers.get('x-amz-function-error');
  if (functionError) {
    let errorType = 'Lambda.Unknown';
    try {
      errorType = JSON.parse(text).errorType ?? errorType;
    } catch { /* keep Lambda.Unknown */ }
    throw stepFunctionsError(errorType, text);
  }
  let result;
  try {
    result = text.length === 0 ? null : JSON.parse(text);
  } catch {
    throw stepFunctionsError('States.Runtime',
      `Function ${functionName} returned a payload that is not JSON: ${text.slice(0, 200)}`,
      { retryable: false, catchable: false });
  }
  return { result, executedVersion: response.headers.get('x-amz-executed-version') ?? '$LATEST',
           requestId: response.headers.get('x-amzn-requestid') ?? 'local' };
}

/** Any other Task resource (sns:publish, states:startExecution, ...) goes to an integration registered in Java. */
async function invokeIntegration(endpoint, resource, stateName, input) {
  let response;
  try {
    response = await fetch(`${endpoint}/local/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resource, state: stateName, input }),
    });
  } catch (e) {
    throw stepFunctionsError('States.Runtime', `Local endpoint ${endpoint} unreachable: ${e.message}`,
      { retryable: false, catchable: false });
  }
  const body = JSON.parse(await response.text());
  if (response.status === 200) return body;
  if (response.status === 404) {
    throw stepFunctionsError('States.Runtime', body.cause, { retryable: false, catchable: false });
  }
  throw stepFunctionsError(body.error, body.cause);
}

function taskHandlers(definition, endpoint) {
  const resources = new Map();
  for (const [name, state] of allStates(definition)) {
    if (state.Type !== 'Task') continue;
    if (resources.has(name) && resources.get(name) !== state.Resource) {
      // The library looks local handlers up by state name only.
      throw new Error(`Two Task states are named "${name}" with different resources: rename one.`);
    }
    resources.set(name, state.Resource);
  }
  const handlers = {};
  for (const [name, resource] of resources) {
    if (LAMBDA_ARN.test(resource)) {
      handlers[name] = async (input) => (await invokeLambda(endpoint, resource, input)).result;
    } else if (LAMBDA_INVOKE_INTEGRATION.test(resource)) {
      // The optimised integration: Parameters give FunctionName and Payload; the output wraps the result.
      handlers[name] = async (input) => {
        const { result, executedVersion, requestId } =
          await invokeLambda(endpoint, input.FunctionName, input.Payload, input.Qualifier);
        return {
          ExecutedVersion: executedVersion,
          Payload: result,
          SdkHttpMetadata: { HttpStatusCode: 200 },
          SdkResponseMetadata: { RequestId: requestId },
          StatusCode: 200,
        };
      };
    } else {
      handlers[name] = (input) => invokeIntegration(endpoint, resource, name, input);
    }
  }
  return handlers;
}

function overrides(job) {
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of allStates(job.definition)) {
    if (state.Type === 'Wait') {
      waitTimeOverrides[name] = job.waitMillisByState?.[name] ?? job.waitMillis ?? 0;
    }
    if (state.Retry && job.retryIntervalMillis !== undefined && job.retryIntervalMillis !== null) {
      retryIntervalOverrides[name] = job.retryIntervalMillis;
    }
  }
  return {
    taskResourceLocalHandlers: taskHandlers(job.definition, job.endpoint),
    waitTimeOverrides,
    retryIntervalOverrides,
  };
}

/** The library's event, flattened to what a progress printer and a test want to read. */
function toLine(run, event) {
  const line = { run, type: event.type, timestamp: event.timestamp };
  if (event.state) {
    line.state = event.state.name;
    line.stateType = event.state.type;
    line.input = event.state.input;
    if ('output' in event.state) line.output = event.state.output;
  }
  if (event.parentState) {
    line.parentState = event.parentState.name;
    line.parentStateType = event.parentState.type;
  }
  if (event.index !== undefined) line.index = event.index;
  if (event.type === 'ExecutionStarted') line.input = event.input;
  if (event.type === 'ExecutionSucceeded') line.output = event.output;
  if ('Error' in event) {
    line.error = event.Error ?? null;
    line.cause = causeText(event.Cause);
  }
  if (event.retry) {
    line.attempt = event.retry.attempt;
    line.errorEquals = event.retry.retrier.ErrorEquals;
  }
  if (event.catch) {
    line.errorEquals = event.catch.catcher.ErrorEquals;
    line.next = event.catch.catcher.Next;
  }
  return line;
}

// Node's setTimeout holds at most 2^31-1 ms (24.8 days); a longer TimeoutSeconds would fire at once.
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
function clampTimeouts(definition) {
  if (definition.TimeoutSeconds > MAX_TIMEOUT_SECONDS) definition.TimeoutSeconds = MAX_TIMEOUT_SECONDS;
  for (const [, state] of allStates(definition)) {
    if (state.TimeoutSeconds > MAX_TIMEOUT_SECONDS) state.TimeoutSeconds = MAX_TIMEOUT_SECONDS;
  }
}

async function run(job) {
  const id = job.id;
  clampTimeouts(job.definition);
  let execution;
  try {
    const text = JSON.stringify(job.definition);
    const validationOptions = validatedDefinitions.has(text)
      ? { noValidate: true }
      : { checkArn: true, checkPaths: true };
    const machine = new StateMachine(job.definition, { validationOptions });
    validatedDefinitions.add(text);
    execution = machine.run(job.input ?? {}, { overrides: overrides(job), context: job.context ?? {} });
  } catch (e) {
    emit({ run: id, type: 'HarnessError', message: e.message });
    return;
  }
  executions.set(id, execution);
  let failure = null;
  const pump = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'ExecutionFailed') failure = event;
      emit(toLine(id, event));
    }
  })();
  let result;
  try {
    const output = await execution.result;
    result = { status: 'SUCCEEDED', output };
  } catch (e) {
    if (e instanceof ExecutionTimeoutError) {
      result = { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution ran longer than the state machine TimeoutSeconds.' };
    } else if (e instanceof ExecutionAbortedError) {
      result = { status: 'ABORTED' };
    } else {
      // An ExecutionError wraps the state's error: prefer what the ExecutionFailed event reported.
      const inner = e.cause ?? e;
      result = {
        status: 'FAILED',
        error: failure?.Error ?? inner.name ?? null,
        cause: causeText(failure?.Cause ?? inner.cause ?? inner.message),
      };
    }
  }
  // The event stream closes on every terminal event; don't hang if it somehow didn't.
  await Promise.race([pump, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  executions.delete(id);
  emit({ run: id, type: 'Result', ...result });
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (text) => {
  if (text.trim() === '') return;
  let job;
  try {
    job = JSON.parse(text);
  } catch (e) {
    emit({ run: null, type: 'HarnessError', message: `Not a JSON job line: ${e.message}` });
    return;
  }
  if (job.abort !== undefined) {
    executions.get(job.abort)?.abort();
    return;
  }
  const promise = run(job).catch((e) => emit({ run: job.id, type: 'HarnessError', message: e.stack ?? String(e) }));
  running.add(promise);
  promise.finally(() => running.delete(promise));
});
lines.on('close', async () => {
  while (running.size > 0) await Promise.all([...running]);
});
