import {main} from './main.js';

const code = await main(process.argv);
process.stdout.write('', () => process.exit(code));
