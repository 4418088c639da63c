import {execFileSync} from 'node:child_process';

/** The end-to-end tests run the built program, so the suite builds it once first. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.js'], {stdio: 'inherit'});
}
