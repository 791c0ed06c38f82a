// @ts-check
'use strict';
// The CLI's argument parsing: `<command> [names…] [--option value | --option=value | --json] [-- rest…]`.

/** Splits argv into the command, positional arguments, options and what follows `--`. */
function parseArgs(argv) {
  const options = {};
  const positional = [];
  let rest = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split('=', 2);
      if (key === 'json' || key === 'help') options[key] = true;
      else if (inline !== undefined) options[key] = inline;
      else if (i + 1 < argv.length) options[key] = argv[(i += 1)];
      else throw new UsageError(`--${key} needs a value.`);
    } else if (arg === '-h') options.help = true;
    else positional.push(arg);
  }
  return { command: positional[0], args: positional.slice(1), options, rest };
}

class UsageError extends Error {}

module.exports = { parseArgs, UsageError };
