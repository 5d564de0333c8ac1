// The page's entry: a hash router over three views (#/ the protocol front, #/contributor/<address>,
// #/watchdog), the address form, and the live feed's indicator.
import './style.css';
import { contributorView } from './contributor.ts';
import { fill, h, errorBox } from './dom.ts';
import { frontView } from './front.ts';
import { startLive, type LiveState } from './live.ts';
import { watchdogView } from './watchdog.ts';

let cleanup: () => void = () => {};
let generation = 0;

async function route(): Promise<void> {
  const view = document.getElementById('view')!;
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const gen = ++generation;
  cleanup();
  cleanup = () => {};
  let stop: () => void;
  try {
    if (hash.startsWith('contributor/')) {
      const address = hash.slice('contributor/'.length).trim();
      (document.getElementById('address') as HTMLInputElement).value = address;
      stop = await contributorView(view, address);
    } else if (hash === 'watchdog') stop = await watchdogView(view);
    else stop = await frontView(view);
  } catch (e) {
    fill(view, errorBox('Something went wrong', e instanceof Error ? e.message : String(e)));
    stop = () => {};
  }
  if (gen === generation) cleanup = stop;
  else stop();
  document.body.dataset.ready = hash.split('/')[0] || 'front';
}

function init(): void {
  document.getElementById('lookup')!.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const value = (document.getElementById('address') as HTMLInputElement).value.trim();
    const target = `#/contributor/${encodeURIComponent(value)}`;
    if (location.hash === target) void route();
    else location.hash = target;
  });
  window.addEventListener('hashchange', () => {
    delete document.body.dataset.ready;
    void route();
  });
  const live = document.getElementById('live')!;
  startLive((state: LiveState, detail: string) => {
    live.textContent = state === 'live' ? 'live' : state === 'polling' ? 'live: polling' : 'live: …';
    live.className = `live ${state}`;
    live.title = detail;
    live.dataset.state = state;
  });
  void route();
}

init();
