// Static check of state machine definitions, for local/src/test/java/com/auroracdc/local/checks/AslDefinitionsTest.
// stdin: [{"name":"statemachine/setup.asl.json","definition":{...}}, ...] with definition substitutions applied.
// stdout: [{"name":...,"valid":true|false,"errors":["..."]}, ...]
//
// Three checks per definition:
//   1. asl-validator 4 (the ASL schema, transitions, paths, ARNs), as `asl-validator --json-path` would;
//   2. what the local interpreter (aws-local-stepfunctions 3) cannot run: JSONata, Assign (FACTS.md);
//   3. the local interpreter's own validation (it embeds asl-validator 3), so a definition that passes here
//      also starts locally (skipped once asl-validator 4 has found errors).
import './promise-with-resolvers.mjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StateMachine } from 'aws-local-stepfunctions';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');

function* allStates(definition, path = '') {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    yield [`${path}${name}`, state];
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) yield* allStates(processor, `${path}${name}/`);
    for (const [i, branch] of (state.Branches ?? []).entries()) yield* allStates(branch, `${path}${name}[${i}]/`);
  }
}

function localInterpreterErrors(definition, alreadyInvalid) {
  const errors = [];
  if (definition.QueryLanguage === 'JSONata') {
    errors.push('QueryLanguage JSONata: the local interpreter (aws-local-stepfunctions) runs JSONPath only');
  }
  for (const [name, state] of allStates(definition)) {
    if (state.QueryLanguage === 'JSONata') {
      errors.push(`${name}: QueryLanguage JSONata is not supported by the local interpreter`);
    }
    if ('Assign' in state) {
      errors.push(`${name}: Assign (variables) is not supported by the local interpreter`);
    }
    for (const choice of state.Choices ?? []) {
      if ('Assign' in choice) errors.push(`${name}: Assign in a Choice rule is not supported by the local interpreter`);
    }
  }
  if (alreadyInvalid) return errors; // the interpreter would only repeat asl-validator's findings (and costs ~0.5 s)
  try {
    // A deep copy: asl-validator annotates the states it checks.
    new StateMachine(structuredClone(definition), { validationOptions: { checkArn: true, checkPaths: true } });
  } catch (e) {
    errors.push(`aws-local-stepfunctions refuses it: ${e.message}`);
  }
  return errors;
}

const entries = JSON.parse(readFileSync(0, 'utf8'));
const results = entries.map(({ name, definition }) => {
  const errors = [];
  const result = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
  if (!result.isValid) {
    for (const line of result.errorsText('\n').split('\n')) errors.push(`asl-validator: ${line}`);
  }
  errors.push(...localInterpreterErrors(definition, !result.isValid));
  return { name, valid: errors.length === 0, errors };
});
process.stdout.write(JSON.stringify(results) + '\n');
