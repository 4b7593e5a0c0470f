// The phone's side of the receiver: encrypt each chosen file in chunks and send it to the computer,
// hash it on the phone, and compare with the fingerprint the computer stored.
// Wire format: evidence_kit/receiver/protocol.py (same layout, same labels).
import { chacha20poly1305 } from './vendor/noble-ciphers/chacha.js';
import { sha256 } from './vendor/noble-hashes/sha2.js';

const CHUNK_SIZE = 1 << 20;
const MAGIC = [0x45, 0x4b, 0x52, 0x31]; // "EKR1"
const KIND = { meta: 0x4d, chunk: 0x43, receipt: 0x52 };

const all = JSON.parse(document.getElementById('ek-strings').textContent);
const lang = (navigator.languages || [navigator.language || 'en'])
  .map((l) => String(l).slice(0, 2).toLowerCase()).find((l) => l in all) || 'en';
const T = all[lang];
document.documentElement.lang = lang;

function plural(forms, n) {
  const category = lang === 'fr' ? (n >= 0 && n < 2 ? 'one' : 'other') : (n === 1 ? 'one' : 'other');
  return forms[category].replace('{n}', String(n));
}

function setText(id, text) { document.getElementById(id).textContent = text; }

setText('title', T.title);
document.title = T.title;
setText('intro', T.intro);
setText('pick-text', T.pick);
setText('hint', T.hint);

function keyFromFragment() {
  const match = /(?:^|[#&])k=([A-Za-z0-9_-]{43})(?:&|$)/.exec(location.hash);
  if (!match) return null;
  const b64 = match[1].replace(/-/g, '+').replace(/_/g, '/') + '=';
  const raw = atob(b64);
  const key = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) key[i] = raw.charCodeAt(i);
  return key.length === 32 ? key : null;
}

const key = keyFromFragment();
const input = document.getElementById('files');
if (!key) {
  const problem = document.getElementById('problem');
  problem.textContent = T.no_key;
  problem.hidden = false;
  input.disabled = true;
}

function randomBytes(n) { return crypto.getRandomValues(new Uint8Array(n)); }
function hex(bytes) { return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''); }

function associatedData(kind, fileId, index, last) {
  const aad = new Uint8Array(30);
  aad.set(MAGIC, 0);
  aad[4] = kind;
  aad.set(fileId, 5);
  const view = new DataView(aad.buffer);
  view.setUint32(21, Math.floor(index / 2 ** 32));
  view.setUint32(25, index >>> 0);
  aad[29] = last ? 1 : 0;
  return aad;
}

function seal(kind, fileId, plain, index = 0, last = false) {
  const nonce = randomBytes(12);
  const sealed = chacha20poly1305(key, nonce, associatedData(kind, fileId, index, last)).encrypt(plain);
  const out = new Uint8Array(12 + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, 12);
  return out;
}

function open(kind, fileId, message, index, last) {
  return chacha20poly1305(key, message.subarray(0, 12), associatedData(kind, fileId, index, last))
    .decrypt(message.subarray(12));
}

class Refused extends Error {}

async function send(method, url, body) {
  for (let attempt = 0; attempt < 20; attempt++) {
    let response;
    try {
      response = await fetch(url, { method, body, cache: 'no-store', credentials: 'omit' });
    } catch (error) {
      throw new Error('network');
    }
    if (response.status === 429) { // too fast: the computer asks to slow down
      await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
      continue;
    }
    if (response.ok) return new Uint8Array(await response.arrayBuffer());
    let text = T.error_refused;
    try {
      const answer = await response.json();
      if (answer && answer.error && answer.error[lang]) text = answer.error[lang];
    } catch (error) { /* no details: the generic message */ }
    throw new Refused(text);
  }
  throw new Error('network');
}

function row(file) {
  const li = document.createElement('li');
  li.dataset.status = 'sending';
  const name = document.createElement('div');
  name.className = 'name';
  name.textContent = file.name;
  const bar = document.createElement('progress');
  bar.max = 100;
  bar.value = 0;
  const state = document.createElement('div');
  state.className = 'state';
  state.textContent = T.waiting;
  li.append(name, bar, state);
  document.getElementById('list').append(li);
  return { li, bar, state };
}

let intact = 0;

async function upload(file, view) {
  if (file.size === 0) throw new Refused(T.error_empty);
  const fileId = randomBytes(16);
  const base = 'f/' + hex(fileId);
  const meta = JSON.stringify({ name: file.name, size: file.size, type: file.type, lastModified: file.lastModified });
  view.state.textContent = T.sending;
  await send('POST', base, seal(KIND.meta, fileId, new TextEncoder().encode(meta)));
  const hasher = sha256.create();
  const chunks = Math.max(1, Math.ceil(file.size / CHUNK_SIZE));
  let receipt = null;
  for (let index = 0; index < chunks; index++) {
    const plain = new Uint8Array(await file.slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE).arrayBuffer());
    hasher.update(plain);
    const last = index === chunks - 1;
    const answer = await send('PUT', `${base}/${index}` + (last ? '?last=1' : ''), seal(KIND.chunk, fileId, plain, index, last));
    view.bar.value = Math.round(((index + 1) / chunks) * 100);
    if (last) {
      view.state.textContent = T.checking;
      receipt = JSON.parse(new TextDecoder().decode(open(KIND.receipt, fileId, answer, chunks, true)));
    }
  }
  const mine = hex(hasher.digest());
  if (!receipt || receipt.sha256 !== mine || receipt.size !== file.size) throw new Refused(T.error_mismatch);
  return receipt;
}

async function sendAll(files) {
  const views = files.map((file) => [file, row(file)]);
  for (const [file, view] of views) {
    try {
      const receipt = await upload(file, view);
      view.li.dataset.status = 'intact';
      view.li.dataset.item = receipt.item;
      view.li.dataset.sha256 = receipt.sha256;
      view.state.textContent = receipt.duplicate ? T.duplicate : T.intact;
      intact += 1;
      setText('summary', plural(T.summary, intact));
    } catch (error) {
      view.li.dataset.status = 'error';
      view.state.textContent = error instanceof Refused ? error.message : T.error_network;
    }
  }
}

let queue = Promise.resolve();
input.addEventListener('change', () => {
  const files = Array.from(input.files || []);
  input.value = '';
  if (files.length) queue = queue.then(() => sendAll(files));
});
