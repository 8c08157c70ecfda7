import { describePageError, isUpstreamScrollRace } from './pageErrors';

const MSG = 'The stack viewport has been destroyed and is no longer usable. Renderings will not be performed.';
const RACE = [
  `Error: ${MSG}`,
  '    at StackViewport._throwIfDestroyed (http://127.0.0.1:36589/app.bundle.0f6159c501addfe9.js:356501:19)',
  '    at StackViewport.setImageIdIndex (http://127.0.0.1:36589/app.bundle.0f6159c501addfe9.js:356951:14)',
  '    at http://127.0.0.1:36589/app.bundle.0f6159c501addfe9.js:356938:22',
].join('\n');

describe('uncaught page errors in the end-to-end test', () => {
  test("cornerstone's debounced scroll on a destroyed viewport (every frame in OHIF's bundle) is the known upstream race", () => {
    expect(isUpstreamScrollRace({ message: MSG, stack: RACE })).toBe(true);
    expect(describePageError({ message: MSG, stack: RACE })).toMatch(/^The stack viewport has been destroyed.* @ at StackViewport._throwIfDestroyed .* @ at http:\/\/127\.0\.0\.1:36589\/app\.bundle/);
  });

  test('the same error with a frame from the mrseq plugin is ours', () => {
    const ours = RACE.replace('    at http://127.0.0.1:36589/app.bundle.0f6159c501addfe9.js:356938:22', '    at centerViewports (http://127.0.0.1:36589/mrseq/mrseq-plugin.js:1:2345)');
    expect(isUpstreamScrollRace({ message: MSG, stack: ours })).toBe(false);
  });

  test('other errors, or no stack, are never excused', () => {
    expect(isUpstreamScrollRace({ message: 'TypeError: x is undefined', stack: RACE.replace(`Error: ${MSG}`, 'TypeError: x is undefined') })).toBe(false);
    expect(isUpstreamScrollRace({ message: MSG })).toBe(false);
    expect(isUpstreamScrollRace({ message: MSG, stack: RACE.replace(/setImageIdIndex/g, 'render') })).toBe(false);
  });
});
