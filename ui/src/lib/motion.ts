// Whether the UI animates: off when the OS asks for reduced motion or the desk's settings do
// (the end-to-end tests use it so clicks never land on a dialog that is still opening). Learnt
// once at start, before anything renders; the lazily loaded antd views read it.

let enabled = true;

export function setMotion(on: boolean) {
  enabled = on;
  document.documentElement.dataset.motion = on ? "on" : "off";
}

export function motionEnabled(): boolean {
  return enabled;
}
