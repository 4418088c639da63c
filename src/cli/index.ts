declare const ALEX_VERSION: string;

const args = process.argv.slice(2);

// `alex --version` answers before the command-line parser loads: scripts call it often.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${ALEX_VERSION}\n`);
} else {
  const {main} = await import('./main.js');
  const code = await main(process.argv);
  process.stdout.write('', () => process.exit(code));
}

export {};
