/** A unified diff of a file's change, for the transcript; loads the diff library on first use. */
export async function unifiedDiff(displayPath: string, before: string, after: string): Promise<string> {
  const {createTwoFilesPatch} = await import('diff');
  const patch = createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, undefined, undefined, {context: 3});
  return patch.split('\n').slice(1).join('\n').trimEnd();
}
