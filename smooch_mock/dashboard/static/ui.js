// Small DOM helpers shared by the views: element building, links, status messages, formatting.
import { enc } from './api.js';

/** The hash link of an app's page: appHref(appId, 'conversations', userId). */
export function appHref(appId, section = 'overview', ...rest) {
  return ['#', 'apps', enc(appId), section, ...rest.map(enc)].join('/');
}

/** Build an element: h('button', {class: 'x', onclick: fn}, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** Replace `el`'s children; like `h`, it skips null, undefined and false and flattens arrays. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let statusTimer = null;

/** Announce a short message in the polite live region (and show it as a toast). */
export function announce(text, kind = 'info') {
  const box = document.getElementById('status');
  box.textContent = text;
  box.dataset.kind = kind;
  box.classList.add('shown');
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => box.classList.remove('shown'), kind === 'error' ? 8000 : 3000);
}

/** Run an async action; a failure is shown to the user, never thrown into the console. */
export async function attempt(action, what = 'Request') {
  try {
    return await action();
  } catch (error) {
    announce(`${what} failed: ${error.message}`, 'error');
    return undefined;
  }
}

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

export function formatTime(seconds) {
  if (seconds === undefined || seconds === null) return '';
  const date = new Date(seconds * 1000);
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatDateTime(seconds) {
  const date = new Date(seconds * 1000);
  return date.toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' });
}

export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

export function userName(appUser) {
  const name = [appUser.givenName, appUser.surname].filter(Boolean).join(' ');
  return name || appUser.userId || appUser._id;
}

/** Copy text to the clipboard, falling back to a hidden textarea where the API is refused. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'offscreen', 'aria-hidden': 'true' }, text);
    document.body.append(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    return done;
  }
}

/** Call `fn` at most once per `ms`, after the calls stop (coalesces bursts of live events). */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Show `text` in an error slot of a form, focus what it is about and bring it into view. */
export function showError(where, text, focusTarget) {
  where.textContent = text;
  if (focusTarget) focusTarget.focus({ preventScroll: true });
  where.scrollIntoView({ block: 'center' });
}

/** A webhook form's target URL and picked triggers, or null once the form shows why not. */
export function readTargetAndTriggers(form, { targetError, triggersError, triggersBox }) {
  const targetInput = form.elements.target;
  targetInput.removeAttribute('aria-invalid');
  const target = targetInput.value.trim();
  if (!/^https?:\/\/\S+$/.test(target)) {
    targetInput.setAttribute('aria-invalid', 'true');
    showError(targetError, 'The target must be an http:// or https:// URL.', targetInput);
    return null;
  }
  const triggers = [...form.querySelectorAll('input[name=trigger]:checked')].map((box) => box.value);
  if (!triggers.length) {
    showError(triggersError, 'Pick at least one event.', triggersBox.querySelector('input'));
    return null;
  }
  return { target, triggers };
}
