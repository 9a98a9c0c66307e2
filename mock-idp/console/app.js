// The mock IdP's web console: plain DOM, no framework, no build step. Every read and change goes through the
// admin API (../_admin); the page holds no data of its own. The vendor's words and limits come from the
// profile in force (GET /_admin/profile), never from the profile's name. A secret value lives only in the
// one-time dialog and is dropped when the dialog closes.
/* global document, window, location, sessionStorage, HTMLElement */

const API = new URL('../_admin', location.href).pathname;
const TOKEN_KEY = 'idp-conformance-admin-token';
const POLL_MS = 1500;

/** @type {any} */
let profile;
/** @type {any} */
let clock;
let screen = { name: '', update: async () => {} };
let pollTimer;
let listening = false;

// ---------------------------------------------------------------------------------------------- helpers

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
  /** The form field the admin API blames (invalid_value names it; invalid_body gives the JSON pointer). */
  get field() {
    return this.body.field ?? (this.body.instancePath ?? '').split('/')[1] ?? undefined;
  }
}

async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  const data = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (res.status === 401) {
    showSignIn(token ? 'The admin token was not accepted. Enter it again.' : undefined);
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** h('tag.class', {attrs}, ...children): attributes starting with "on" are listeners. */
function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag);
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof HTMLElement ? c : String(c));
  return el;
}

let uid = 0;
const nextId = (p) => `${p}-${++uid}`;

const announce = (text) => {
  const el = document.getElementById('announcer');
  el.textContent = '';
  setTimeout(() => (el.textContent = text), 30);
};

/** "2026-12-02 00:31:05 UTC" */
const when = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '—');
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** A labelled field with a hint and an error slot wired by aria-describedby. */
function field(label, control, hint) {
  const id = control.id || (control.id = nextId('f'));
  const hintEl = hint ? h('p.hint', { id: `${id}-hint` }, hint) : undefined;
  const errEl = h('p.error', { id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', [hintEl?.id, errEl.id].filter(Boolean).join(' '));
  const wrap = h('div.field', {}, h('label', { for: id }, label), control, hintEl, errEl);
  wrap.setError = (msg) => {
    errEl.textContent = msg ?? '';
    errEl.hidden = !msg;
    if (msg) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  };
  return wrap;
}

function formError() {
  const el = h('p.error.form-error', { role: 'alert', hidden: true });
  el.set = (msg) => {
    el.textContent = msg ?? '';
    el.hidden = !msg;
  };
  return el;
}

function badge(kind, text) {
  return h(`span.badge.${kind}`, {}, text);
}

/** A table in a focusable scroll region (narrow screens scroll it sideways). */
function table(caption, headers, rows) {
  return h(
    'div.table-wrap',
    { role: 'region', 'aria-label': `${caption} table`, tabindex: 0 },
    h(
      'table',
      {},
      h('caption.visually-hidden', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

function modal(title, body, { onClose } = {}) {
  const titleId = nextId('dlg');
  const dlg = h('dialog.modal', { 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), body);
  dlg.addEventListener('close', () => {
    onClose?.();
    dlg.remove();
  });
  document.body.append(dlg);
  dlg.showModal();
  return dlg;
}

function confirmDialog(title, text, action, danger = true) {
  return new Promise((resolve) => {
    let ok = false;
    const dlg = modal(
      title,
      h(
        'div',
        {},
        h('p', {}, text),
        h(
          'div.actions',
          {},
          h(`button.${danger ? 'danger' : 'primary'}`, { type: 'button', onclick: () => ((ok = true), dlg.close()) }, action),
          h('button.secondary', { type: 'button', onclick: () => dlg.close() }, 'Cancel'),
        ),
      ),
      { onClose: () => resolve(ok) },
    );
  });
}

const w = () => profile.words;
const lifecycle = () => profile.lifecycle;
const addDays = (isoNow, days) => new Date(Date.parse(isoNow) + days * 86_400_000).toISOString();

// --------------------------------------------------------------------------------------------- sign-in

function showSignIn(message) {
  if (document.querySelector('dialog.signin')) return;
  const input = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const f = field('Admin token', input, 'The mock was started with an admin token. It is kept for this browser tab only.');
  if (message) f.setError(message);
  const form = h('form', { novalidate: true }, f, h('div.actions', {}, h('button.primary', { type: 'submit' }, 'Sign in')));
  const dlg = modal('Sign in to the console', form);
  dlg.classList.add('signin');
  dlg.addEventListener('cancel', (e) => e.preventDefault());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) return f.setError('Enter the admin token.');
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    dlg.close();
    void start();
  });
}

// ------------------------------------------------------------------------------------------ the secret

/** Description + expiry (default: the profile's, e.g. one year; or Never Expires). */
function secretFields() {
  const days = lifecycle().secrets.defaultExpiryDays;
  const defaultDate = days === null ? addDays(clock.now, 365).slice(0, 10) : addDays(clock.now, days).slice(0, 10);
  const description = h('input', { type: 'text', name: 'description', maxlength: 256, autocomplete: 'off' });
  const date = h('input', { type: 'date', name: 'expiresAt', value: defaultDate, min: clock.now.slice(0, 10) });
  const never = h('input', { type: 'checkbox', name: 'neverExpires', id: nextId('never') });
  never.checked = days === null;
  date.disabled = never.checked;
  never.addEventListener('change', () => (date.disabled = never.checked));
  const descField = field(w().description, description, `Optional. Helps you tell ${w().secretNoun}s apart.`);
  const dateField = field(
    w().expiry,
    date,
    days === null ? `No expiry unless you set one.` : `Default: ${plural(days, 'day')} after creation (${defaultDate}).`,
  );
  const neverField = h('div.check', {}, never, h('label', { for: never.id }, w().neverExpires));
  const group = h('fieldset', {}, h('legend', {}, cap(w().secretNoun)), descField, dateField, neverField);
  group.value = () => {
    const out = {};
    if (description.value.trim()) out.description = description.value.trim();
    if (never.checked) out.expiresAt = null;
    else if (date.value !== defaultDate || days === null) out.expiresAt = `${date.value}T23:59:59Z`;
    return out;
  };
  group.fields = { description: descField, expiresAt: dateField };
  return group;
}

/** The one-time display: the value, Copy, the cannot-be-shown-again warning. Closing drops the value. */
function showSecretOnce(clientId, secret, extra) {
  const value = h('code.secret-value', { id: nextId('secret'), 'data-testid': 'secret-value' }, secret.value);
  const copied = h('span.copied', { role: 'status' });
  const copy = h(
    'button.primary',
    {
      type: 'button',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(value.textContent);
        } catch {
          const range = document.createRange();
          range.selectNodeContents(value);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
          document.execCommand('copy');
        }
        copied.textContent = 'Copied to the clipboard.';
      },
    },
    w().copy,
  );
  const body = h(
    'div',
    {},
    h('p.warning', { role: 'alert' }, h('strong', {}, 'Warning: '), w().copyWarning),
    h('dl.meta', {}, h('dt', {}, w().clientId), h('dd', {}, h('code', {}, clientId)), h('dt', {}, cap(w().secretNoun)), h('dd', {}, value)),
    h('div.actions', {}, copy, copied),
    extra,
    h(
      'dl.meta',
      {},
      h('dt', {}, w().description),
      h('dd', {}, secret.description || '—'),
      h('dt', {}, 'Expires'),
      h('dd', {}, secret.expiresAt ? when(secret.expiresAt) : w().neverExpires),
    ),
    h('div.actions', {}, h('button.secondary', { type: 'button', onclick: () => dlg.close() }, 'Close')),
  );
  const dlg = modal(`Your new ${w().secretNoun}`, body, {
    onClose: () => {
      value.textContent = '';
      secret.value = '';
      announce(`The ${w().secretNoun} is no longer shown.`);
    },
  });
  copy.focus();
  return dlg;
}

function secretDialog(client, { regenerate }) {
  const fields = secretFields();
  const err = formError();
  const verb = regenerate ? w().regenerate : w().addSecret;
  const form = h(
    'form',
    { novalidate: true },
    regenerate ? h('p.warning', {}, `The current ${w().secretNoun} stops working at once.`) : undefined,
    fields,
    err,
    h(
      'div.actions',
      {},
      h('button.primary', { type: 'submit' }, verb),
      h('button.secondary', { type: 'button', onclick: () => dlg.close() }, 'Cancel'),
    ),
  );
  const dlg = modal(`${verb}: ${client.name ?? client.id}`, form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    Object.values(fields.fields).forEach((f) => f.setError());
    err.set();
    try {
      const res = await api('POST', `/clients/${encodeURIComponent(client.id)}/secrets${regenerate ? '/regenerate' : ''}`, fields.value());
      dlg.close();
      const revoked = res.revoked?.length ? h('p', {}, `${plural(res.revoked.length, `previous ${w().secretNoun}`)} revoked.`) : undefined;
      showSecretOnce(client.id, res.secret ?? res, revoked);
      void screen.update(true);
    } catch (error) {
      if (error.status === 401) return;
      const f = fields.fields[error.field];
      if (f) f.setError(error.message);
      else err.set(error.message);
    }
  });
}

// --------------------------------------------------------------------------------------------- clients

function statusBadge(c) {
  return c.enabled ? badge('ok', w().active) : badge('off', 'Inactive');
}

async function clientsScreen(main) {
  const list = h('div');
  const add = h('button.primary', { type: 'button', onclick: () => addClientDialog() }, w().addClient);
  main.append(h('div.heading', {}, h('h1', {}, w().clientsTitle), add), list);
  let last = '';
  return async (force) => {
    const { clients } = await api('GET', '/clients');
    const json = JSON.stringify(clients);
    if (json === last && !force) return;
    last = json;
    list.replaceChildren(
      clients.length
        ? table(
            w().clientsTitle,
            ['Name', w().clientId, 'Status', cap(`${w().secretNoun}s`)],
            clients.map((c) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#client/${encodeURIComponent(c.id)}` }, c.name || '(no name)')),
                h('td', {}, h('code', {}, c.id)),
                h('td', {}, statusBadge(c)),
                h(
                  'td',
                  {},
                  `${c.secrets.length}${c.secrets.some((s) => s.expired) ? ` (${c.secrets.filter((s) => s.expired).length} expired)` : ''}`,
                ),
              ),
            ),
          )
        : h('p.empty', {}, `No ${w().clientNoun}s yet. Use “${w().addClient}” to create one.`),
    );
  };
}

/** Oracle fully-qualified scopes: rows of audience + scope, the fqs shown; otherwise one space-separated field. */
function scopeEditor() {
  const limit = lifecycle().maxScopesPerClient;
  if (!profile.fullyQualifiedScopes) {
    const input = h('input', { type: 'text', name: 'scopes', autocomplete: 'off', spellcheck: 'false' });
    const f = field(w().scopes, input, `Space-separated${limit ? `, at most ${limit}` : ''}. Example: read write`);
    f.value = () => ({ scopes: input.value.split(/\s+/).filter(Boolean) });
    return f;
  }
  const rows = h('div.pairs');
  const errEl = h('p.error', { id: nextId('pairs-error'), hidden: true });
  const addBtn = h('button.secondary', { type: 'button' }, 'Add scope');
  const group = h(
    'fieldset',
    { 'aria-describedby': errEl.id },
    h('legend', {}, `${w().scopes}s (${w().audience.toLowerCase()} + ${w().scopes.toLowerCase()})`),
    h(
      'p.hint',
      {},
      `The fully-qualified scope a client requests is the ${w().audience.toLowerCase()} followed by the ${w().scopes.toLowerCase()}${limit ? `; at most ${limit}` : ''}.`,
    ),
    rows,
    errEl,
    addBtn,
  );
  const addRow = (aud = profile.defaultAudience, scope = '') => {
    const n = rows.children.length + 1;
    const a = h('input', { type: 'url', value: aud, autocomplete: 'off', spellcheck: 'false' });
    const s = h('input', { type: 'text', value: scope, autocomplete: 'off', spellcheck: 'false' });
    const fqs = h('output', { 'aria-live': 'off' });
    const sync = () => (fqs.textContent = a.value + s.value || '—');
    a.addEventListener('input', sync);
    s.addEventListener('input', sync);
    sync();
    const row = h(
      'div.pair',
      {},
      field(`${w().audience} ${n}`, a),
      field(`${w().scopes} ${n}`, s),
      h('p.fqs', {}, 'Fully-qualified scope: ', fqs),
      h('button.link', { type: 'button', onclick: () => (row.remove(), update()) }, `Remove scope ${n}`),
    );
    row.pair = () => ({ audience: a.value.trim(), scope: s.value.trim() });
    rows.append(row);
    update();
    s.focus();
  };
  const update = () => {
    addBtn.disabled = limit !== undefined && rows.children.length >= limit;
    errEl.hidden = !addBtn.disabled;
    errEl.textContent = addBtn.disabled ? `At most ${limit} scopes per ${w().clientNoun} (${profile.title}).` : '';
    errEl.className = 'hint';
  };
  addBtn.addEventListener('click', () => addRow());
  group.value = () => {
    const pairs = [...rows.children].map((r) => r.pair()).filter((p) => p.scope);
    const audiences = [...new Set(pairs.map((p) => p.audience).filter(Boolean))];
    return {
      scopes: [...new Set(pairs.map((p) => p.scope))],
      ...(audiences.length ? { audience: audiences.length === 1 ? audiences[0] : audiences } : {}),
    };
  };
  group.setError = (msg) => {
    errEl.className = 'error';
    errEl.textContent = msg ?? '';
    errEl.hidden = !msg;
  };
  return group;
}

function rolesEditor(fixedNames) {
  const fixed = fixedNames.map((r) =>
    h(
      'li',
      {},
      h('input', { type: 'checkbox', checked: true, disabled: true, id: nextId('role'), 'aria-describedby': 'fixed-role-note' }),
      h('label', {}, r),
      h('span.lock', {}, ` — ${w().fixedRole}`),
    ),
  );
  fixed.forEach((li) => li.querySelector('label').setAttribute('for', li.querySelector('input').id));
  const input = h('input', { type: 'text', name: 'roles', autocomplete: 'off' });
  const f = field(fixed.length ? `More ${w().roles.toLowerCase()}` : w().roles, input, 'Comma-separated. Example: ServiceInvoker');
  const group = h(
    'fieldset',
    {},
    h('legend', {}, w().roles),
    fixed.length ? h('ul.roles', {}, fixed) : undefined,
    h('p.visually-hidden', { id: 'fixed-role-note' }, w().fixedRole),
    f,
  );
  group.value = () =>
    input.value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  group.setError = f.setError;
  return group;
}

function addClientDialog() {
  const { min, max } = lifecycle().tokenLifetime;
  const bounds = min !== undefined || max !== undefined ? `${min ?? 1}–${max ?? '∞'} seconds` : undefined;
  const name = h('input', { type: 'text', name: 'name', required: true, autocomplete: 'off' });
  const lifetime = h('input', {
    type: 'text',
    inputmode: 'numeric',
    name: 'tokenLifetime',
    value: String(profile.tokens.lifetime),
    autocomplete: 'off',
  });
  const nameField = field(`${w().name} (required)`, name);
  const lifetimeField = field(
    w().tokenLifetime,
    lifetime,
    bounds ? `${profile.title}: ${bounds}; default ${profile.tokens.lifetime}.` : `Default ${profile.tokens.lifetime}.`,
  );
  const roles = rolesEditor(lifecycle().roles.default);
  const scopes = scopeEditor();
  let format;
  let formatField;
  if (w().tokenFormat) {
    format = h('select', { name: 'tokenFormat' }, h('option', { value: 'jwt' }, 'JWT'), h('option', { value: 'opaque' }, 'Opaque'));
    format.value = profile.tokens.format;
    formatField = field(w().tokenFormat, format);
  }
  const active = h('input', { type: 'checkbox', id: nextId('active'), checked: true });
  const secret = secretFields();
  const err = formError();
  const fields = {
    name: nameField,
    tokenLifetime: lifetimeField,
    scopes,
    audience: scopes,
    roles,
    tokenFormat: formatField,
    ...secret.fields,
  };
  const form = h(
    'form.client-form',
    { novalidate: true },
    nameField,
    lifetimeField,
    roles,
    scopes,
    formatField,
    h('div.check', {}, active, h('label', { for: active.id }, w().active)),
    secret,
    err,
    h(
      'div.actions',
      {},
      h('button.primary', { type: 'submit' }, w().addClient),
      h('button.secondary', { type: 'button', onclick: () => dlg.close() }, 'Cancel'),
    ),
  );
  const dlg = modal(`${w().addClient}`, form);
  name.focus();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    Object.values(fields).forEach((f) => f?.setError?.());
    err.set();
    let bad;
    if (!name.value.trim()) bad = nameField.setError(`Enter a name for the ${w().clientNoun}.`) ?? name;
    const seconds = Number(lifetime.value.trim());
    if (!/^\d+$/.test(lifetime.value.trim())) bad ??= lifetimeField.setError('Enter a whole number of seconds.') ?? lifetime;
    else if (min !== undefined && seconds < min)
      bad ??=
        lifetimeField.setError(`${seconds} seconds is below the minimum of ${min} seconds (${profile.title} allows ${bounds}).`) ??
        lifetime;
    else if (max !== undefined && seconds > max)
      bad ??=
        lifetimeField.setError(`${seconds} seconds is above the maximum of ${max} seconds (${profile.title} allows ${bounds}).`) ??
        lifetime;
    if (bad) return bad.focus();
    const body = {
      name: name.value.trim(),
      tokenLifetime: seconds,
      roles: roles.value(),
      ...scopes.value(),
      ...(format ? { tokenFormat: format.value } : {}),
      enabled: active.checked,
      secret: secret.value(),
    };
    try {
      const res = await api('POST', '/clients', body);
      dlg.close();
      location.hash = `#client/${encodeURIComponent(res.client.id)}`;
      if (res.secret) showSecretOnce(res.client.id, res.secret);
    } catch (error) {
      if (error.status === 401) return;
      const f = fields[error.field];
      if (f) f.setError(error.message);
      else err.set(error.message);
    }
  });
}

async function clientScreen(main, id) {
  const head = h('div');
  const live = h('div');
  main.append(h('p.back', {}, h('a', { href: '#clients' }, `← ${w().clientsTitle}`)), head, live);
  let last = '';
  let headDone = false;
  const update = async (force) => {
    let client;
    let roles;
    try {
      ({ client } = await api('GET', `/clients/${encodeURIComponent(id)}`));
      roles = await api('GET', `/clients/${encodeURIComponent(id)}/roles`);
    } catch (error) {
      if (error.status === 404) {
        main.replaceChildren(
          h('h1', {}, `No such ${w().clientNoun}`),
          h('p', {}, h('a', { href: '#clients' }, `Back to ${w().clientsTitle}`)),
        );
        return;
      }
      throw error;
    }
    const json = JSON.stringify([client, roles]);
    if (json === last && !force) return;
    last = json;
    if (!headDone) {
      head.replaceChildren(h('h1', {}, client.name || client.id));
      headDone = true;
    }
    live.replaceChildren(...clientDetail(client, roles, update));
  };
  return update;
}

function clientDetail(c, roles, update) {
  const max = lifecycle().secrets.max;
  const regenerate = lifecycle().secrets.regenerateRevokesPrevious;
  const toggle = h(
    'button.secondary',
    {
      type: 'button',
      onclick: async () => {
        await api('POST', `/clients/${encodeURIComponent(c.id)}/${c.enabled ? 'deactivate' : 'activate'}`);
        announce(`${cap(w().clientNoun)} ${c.enabled ? 'deactivated' : 'activated'}.`);
        await update(true);
        document.querySelector('[data-action="toggle"]')?.focus();
      },
      'data-action': 'toggle',
    },
    c.enabled ? w().deactivate : w().activate,
  );
  const del = h(
    'button.danger',
    {
      type: 'button',
      onclick: async () => {
        const ok = await confirmDialog(
          `Delete ${c.name || c.id}?`,
          `Applications using this ${w().clientNoun} get invalid_client from then on. This cannot be undone.`,
          `Delete ${w().clientNoun}`,
        );
        if (!ok) return;
        await api('DELETE', `/clients/${encodeURIComponent(c.id)}`);
        announce(`${cap(w().clientNoun)} deleted.`);
        location.hash = '#clients';
      },
    },
    `Delete ${w().clientNoun}`,
  );
  const overview = h(
    'section.card',
    { 'aria-labelledby': 'ov-h' },
    h('h2', { id: 'ov-h' }, 'Overview'),
    h(
      'dl.meta',
      {},
      h('dt', {}, w().clientId),
      h('dd', {}, h('code', { 'data-testid': 'client-id' }, c.id)),
      h('dt', {}, 'Status'),
      h('dd', {}, statusBadge(c)),
      h('dt', {}, w().tokenLifetime),
      h('dd', {}, String(c.tokenLifetime)),
      h('dt', {}, profile.fullyQualifiedScopes ? `${w().scopes}s (fully qualified)` : w().scopes),
      h('dd', {}, scopeText(c)),
      w().tokenFormat ? [h('dt', {}, w().tokenFormat), h('dd', {}, c.tokenFormat === 'jwt' ? 'JWT' : 'Opaque')] : undefined,
      h('dt', {}, 'Token endpoint'),
      h('dd', {}, h('code', {}, profile.tokenEndpoint)),
    ),
    h('div.actions', {}, toggle, del),
  );
  const secretRows = c.secrets.map((s) =>
    h(
      'tr',
      {},
      h('td', {}, s.description || '—'),
      h('td', {}, when(s.createdAt)),
      h('td', {}, s.expiresAt ? when(s.expiresAt) : w().neverExpires),
      h('td', {}, s.expired ? badge('bad', 'Expired') : badge('ok', 'Valid')),
      h(
        'td',
        {},
        h(
          'button.link',
          {
            type: 'button',
            onclick: async () => {
              if (!(await confirmDialog(`Delete this ${w().secretNoun}?`, `Requests with it get invalid_client from then on.`, 'Delete')))
                return;
              await api('DELETE', `/clients/${encodeURIComponent(c.id)}/secrets/${encodeURIComponent(s.id)}`);
              announce(`${cap(w().secretNoun)} deleted.`);
              await update(true);
            },
          },
          `Delete ${w().secretNoun}${s.description ? ` ${s.description}` : ''}`,
        ),
      ),
    ),
  );
  const full = c.secrets.length >= max;
  const addBtn = h(
    'button.primary',
    { type: 'button', disabled: full && !regenerate, onclick: () => secretDialog(c, { regenerate: false }) },
    w().addSecret,
  );
  const secretsSection = h(
    'section.card',
    { 'aria-labelledby': 'sec-h' },
    h(
      'div.heading',
      {},
      h('h2', { id: 'sec-h' }, cap(`${w().secretNoun}s`)),
      h(
        'div.actions',
        {},
        regenerate && c.secrets.length
          ? h('button.primary', { type: 'button', onclick: () => secretDialog(c, { regenerate: true }) }, w().regenerate)
          : addBtn,
      ),
    ),
    h(
      'p.hint',
      { 'data-testid': 'secret-limit' },
      full
        ? `This ${w().clientNoun} holds ${c.secrets.length} of ${max} ${w().secretNoun}s, the most ${profile.title} allows side by side.${regenerate ? '' : ' Delete one to add another.'}`
        : `${c.secrets.length} of at most ${max}. Values are shown once, when created; only their details are kept.`,
    ),
    c.secrets.length
      ? table(cap(`${w().secretNoun}s`), [w().description, 'Created', 'Expires', 'Status', 'Action'], secretRows)
      : h('p.empty', {}, `No ${w().secretNoun}.`),
  );
  const roleInput = h('input', { type: 'text', autocomplete: 'off' });
  const roleField = field(`Add to ${w().roles.toLowerCase()}`, roleInput);
  const rolesSection = h(
    'section.card',
    { 'aria-labelledby': 'roles-h' },
    h('h2', { id: 'roles-h' }, w().roles),
    roles.roles.length
      ? h(
          'ul.roles',
          {},
          roles.roles.map((r) =>
            h(
              'li',
              {},
              h('span', {}, r),
              roles.fixed.includes(r)
                ? h('span.lock', {}, ` — ${w().fixedRole}`)
                : h(
                    'button.link',
                    {
                      type: 'button',
                      onclick: async () => {
                        await api('DELETE', `/clients/${encodeURIComponent(c.id)}/roles/${encodeURIComponent(r)}`);
                        announce(`Role ${r} removed.`);
                        await update(true);
                      },
                    },
                    `Remove ${r}`,
                  ),
            ),
          ),
        )
      : h('p.empty', {}, 'No roles.'),
    h(
      'form.inline',
      {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          if (!roleInput.value.trim()) return roleField.setError('Enter a role name.');
          try {
            await api('POST', `/clients/${encodeURIComponent(c.id)}/roles`, { name: roleInput.value.trim() });
            announce(`Role ${roleInput.value.trim()} added.`);
            await update(true);
          } catch (error) {
            roleField.setError(error.message);
          }
        },
      },
      roleField,
      h('button.secondary', { type: 'submit' }, 'Add role'),
    ),
  );
  return [overview, secretsSection, rolesSection];
}

function scopeText(c) {
  if (!c.scopes.length) return '—';
  if (!profile.fullyQualifiedScopes) return c.scopes.join(' ');
  const auds = c.audience === undefined ? [profile.defaultAudience] : [c.audience].flat();
  return h(
    'ul.plain',
    {},
    auds.flatMap((a) => c.scopes.map((s) => h('li', {}, h('code', {}, a + s)))),
  );
}

// ------------------------------------------------------------------------------------------------ keys

async function keysScreen(main) {
  const live = h('div');
  const days = lifecycle().keyRetentionDays;
  const rotate = h(
    'button.primary',
    {
      type: 'button',
      onclick: async () => {
        if (
          !(await confirmDialog(
            'Rotate the signing key?',
            `A new key signs from now on; the current one stays published for ${plural(days, 'day')}.`,
            'Rotate',
            false,
          ))
        )
          return;
        const res = await api('POST', '/keys/rotate', {});
        announce(`Rotated. New key ${res.active.kid}.`);
        await update(true);
      },
    },
    'Rotate key',
  );
  main.append(
    h('div.heading', {}, h('h1', {}, 'Signing keys'), rotate),
    h(
      'p.hint',
      {},
      `A rotation retires the active key. Retired keys stay in the JWKS for ${plural(days, 'day')} (${profile.title}), so tokens they signed still verify.`,
    ),
    live,
  );
  let last = '';
  const update = async (force) => {
    const { keys } = await api('GET', '/keys');
    const json = JSON.stringify(keys);
    if (json === last && !force) return;
    last = json;
    live.replaceChildren(
      table(
        'Signing keys',
        ['Key ID (kid)', 'Algorithm', 'Status', 'In JWKS', 'Created', 'Retired', 'Published until'],
        keys.map((k) =>
          h(
            'tr',
            {},
            h('td', {}, h('code', {}, k.kid)),
            h('td', {}, k.alg),
            h('td', {}, k.status === 'active' ? badge('ok', 'Active') : badge('off', 'Retained')),
            h('td', {}, k.published ? 'Yes' : 'No (expired)'),
            h('td', {}, when(k.createdAt)),
            h('td', {}, when(k.retiredAt)),
            h('td', {}, k.publishedUntil ? when(k.publishedUntil) : '—'),
          ),
        ),
      ),
    );
  };
  return update;
}

// ----------------------------------------------------------------------------------------------- clock

async function clockScreen(main) {
  const live = h('div.card');
  const amount = h('input', { type: 'text', inputmode: 'numeric', value: '1', autocomplete: 'off' });
  const unit = h(
    'select',
    {},
    h('option', { value: 'seconds' }, 'seconds'),
    h('option', { value: 'hours' }, 'hours'),
    h('option', { value: 'days', selected: true }, 'days'),
  );
  const amountField = field('Advance by', amount);
  const unitField = field('Unit', unit);
  const advErr = formError();
  const advance = async (by) => {
    const c = await api('POST', '/clock/advance', by);
    announce(`Mock clock now ${when(c.now)}.`);
    await refreshAll();
  };
  const advForm = h(
    'form.inline',
    {
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        amountField.setError();
        const n = Number(amount.value.trim());
        if (!/^\d+$/.test(amount.value.trim()) || n <= 0) return amountField.setError('Enter a whole number greater than 0.');
        await advance(unit.value === 'days' ? { days: n } : { seconds: unit.value === 'hours' ? n * 3600 : n });
      },
    },
    amountField,
    unitField,
    h('button.primary', { type: 'submit' }, 'Advance'),
    advErr,
  );
  const quick = h(
    'div.actions',
    {},
    [
      ['+1 minute', { seconds: 60 }],
      ['+1 hour', { seconds: 3600 }],
      ['+1 day', { days: 1 }],
      ['+30 days', { days: 30 }],
      ['+1 year', { days: 366 }],
    ].map(([label, by]) => h('button.secondary', { type: 'button', onclick: () => advance(by) }, label)),
  );
  const setInput = h('input', { type: 'datetime-local', step: 1 });
  const setField = field('Set the mock time (UTC)', setInput);
  const setForm = h(
    'form.inline',
    {
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        setField.setError();
        if (!setInput.value) return setField.setError('Choose a date and time.');
        try {
          const c = await api('PUT', '/clock', { now: `${setInput.value.length === 16 ? `${setInput.value}:00` : setInput.value}Z` });
          announce(`Mock clock set to ${when(c.now)}.`);
          await refreshAll();
        } catch (error) {
          setField.setError(error.message);
        }
      },
    },
    setField,
    h('button.primary', { type: 'submit' }, 'Set time'),
  );
  main.append(
    h('h1', {}, 'Clock'),
    h('p.hint', {}, 'Every expiry follows the mock clock: secrets, signing key retention, token exp. Move it instead of waiting.'),
    live,
    h('section.card', { 'aria-labelledby': 'adv-h' }, h('h2', { id: 'adv-h' }, 'Advance'), quick, advForm),
    h('section.card', { 'aria-labelledby': 'set-h' }, h('h2', { id: 'set-h' }, 'Set'), setForm),
  );
  let last = '';
  return async (force) => {
    const c = clock;
    const json = JSON.stringify([c.frozen, c.offsetSeconds, c.frozen ? c.now : '']);
    if (!setInput.value) setInput.value = c.now.slice(0, 19);
    const nowEl = live.querySelector('[data-testid="clock-now"]');
    if (nowEl) nowEl.textContent = when(c.now);
    if (json === last && !force) return;
    last = json;
    const freeze = h(
      'button.secondary',
      {
        type: 'button',
        'data-action': 'freeze',
        onclick: async () => {
          await api('POST', c.frozen ? '/clock/unfreeze' : '/clock/freeze');
          announce(c.frozen ? 'Clock running.' : 'Clock frozen.');
          await refreshAll();
          document.querySelector('[data-action="freeze"]')?.focus();
        },
      },
      c.frozen ? 'Unfreeze' : 'Freeze',
    );
    live.replaceChildren(
      h('h2', {}, 'Mock time'),
      h(
        'dl.meta',
        {},
        h('dt', {}, 'Now'),
        h('dd', {}, h('strong', { 'data-testid': 'clock-now' }, when(c.now))),
        h('dt', {}, 'Offset from real time'),
        h('dd', {}, `${c.offsetSeconds >= 0 ? '+' : ''}${c.offsetSeconds} s`),
        h('dt', {}, 'State'),
        h('dd', {}, c.frozen ? badge('off', 'Frozen') : badge('ok', 'Running')),
      ),
      h('div.actions', {}, freeze),
    );
  };
}

// ----------------------------------------------------------------------------------------- request log

async function logScreen(main) {
  const live = h('div');
  const filter = h('select', {}, h('option', { value: '' }, 'All'));
  const filterField = field(`Filter by ${w().clientNoun}`, filter);
  filter.addEventListener('change', () => update(true));
  const clear = h(
    'button.secondary',
    {
      type: 'button',
      onclick: async () => {
        await api('DELETE', '/token-requests');
        announce('Request log cleared.');
        await update(true);
      },
    },
    'Clear log',
  );
  main.append(
    h('div.heading', {}, h('h1', {}, 'Token requests'), clear),
    h('p.hint', {}, `Every token request by an authenticated ${w().clientNoun}, with its outcome. Updates live.`),
    h('div.inline', {}, filterField),
    live,
  );
  let last = '';
  const update = async (force) => {
    const [{ entries }, { clients }] = await Promise.all([
      api('GET', `/token-requests${filter.value ? `?client_id=${encodeURIComponent(filter.value)}` : ''}`),
      api('GET', '/clients'),
    ]);
    const names = new Map(clients.map((c) => [c.id, c.name]));
    const known = new Set([...filter.options].map((o) => o.value));
    for (const c of clients) if (!known.has(c.id)) filter.append(h('option', { value: c.id }, c.name || c.id));
    const json = JSON.stringify(entries);
    if (json === last && !force) return;
    last = json;
    const rows = [...entries]
      .reverse()
      .map((e) =>
        h(
          'tr',
          {},
          h('td', {}, when(e.time)),
          h('td', {}, names.get(e.clientId) ?? '', names.get(e.clientId) ? h('br') : undefined, h('code', {}, e.clientId)),
          h('td', {}, e.outcome === 'issued' ? badge('ok', 'issued') : badge('bad', e.outcome)),
        ),
      );
    live.replaceChildren(
      h('p', { 'data-testid': 'log-count' }, plural(entries.length, 'request')),
      entries.length
        ? table('Token requests, newest first', ['Time (mock clock)', cap(w().clientNoun), 'Outcome'], rows)
        : h('p.empty', {}, 'No token requests yet.'),
    );
  };
  return update;
}

// ---------------------------------------------------------------------------------------------- faults

async function faultsScreen(main) {
  const live = h('div');
  main.append(
    h('h1', {}, 'Faults'),
    h(
      'p.hint',
      {},
      'Each fault breaks one behaviour on purpose, from its next request on. Switch one on to see how a client copes; switch it off to go back to normal.',
    ),
    live,
  );
  let last = '';
  const update = async (force) => {
    const { active, catalogue } = await api('GET', '/faults');
    const json = JSON.stringify([active, catalogue.length]);
    if (json === last && !force) return;
    last = json;
    const on = new Set(active.map((f) => f.name));
    live.replaceChildren(
      h('p', { 'data-testid': 'faults-active' }, active.length ? `Active: ${active.map((f) => f.name).join(', ')}` : 'No fault is active.'),
      h(
        'ul.faults',
        {},
        catalogue.map((f) => {
          const id = `fault-${f.name}`;
          const box = h('input', { type: 'checkbox', id, role: 'switch', 'aria-describedby': `${id}-desc` });
          box.checked = on.has(f.name);
          box.addEventListener('change', async () => {
            try {
              if (box.checked) await api('POST', '/faults', { name: f.name });
              else await api('DELETE', `/faults/${encodeURIComponent(f.name)}`);
              announce(`${f.name} ${box.checked ? 'on' : 'off'}.`);
            } finally {
              await update(true);
              document.getElementById(id)?.focus();
            }
          });
          return h(
            'li',
            { class: on.has(f.name) ? 'on' : undefined },
            h('div.check', {}, box, h('label', { for: id }, h('code', {}, f.name))),
            h('p.hint', { id: `${id}-desc` }, `${f.description}${f.endpoints?.length ? ` (${f.endpoints.join(', ')})` : ''}`),
          );
        }),
      ),
    );
  };
  return update;
}

// --------------------------------------------------------------------------------------------- routing

const SCREENS = {
  clients: clientsScreen,
  client: clientScreen,
  keys: keysScreen,
  clock: clockScreen,
  log: logScreen,
  faults: faultsScreen,
};
const TITLES = {
  clients: () => w().clientsTitle,
  client: () => cap(w().clientNoun),
  keys: () => 'Signing keys',
  clock: () => 'Clock',
  log: () => 'Request log',
  faults: () => 'Faults',
};

async function refreshClock() {
  clock = await api('GET', '/clock');
  document.getElementById('clock-status').textContent = `Mock clock: ${when(clock.now)}${clock.frozen ? ' (frozen)' : ''}`;
}

async function refreshAll() {
  await refreshClock();
  await screen.update(true);
}

async function route() {
  const [name, ...rest] = (location.hash.slice(1) || 'clients').split('/');
  const key = SCREENS[name] ? name : 'clients';
  const main = document.getElementById('main');
  main.replaceChildren();
  for (const a of document.querySelectorAll('nav.tabs a')) {
    const current = a.dataset.screen === key || (key === 'client' && a.dataset.screen === 'clients');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${TITLES[key]()} · ${profile.title} · Mock IdP console`;
  const update = await SCREENS[key](main, decodeURIComponent(rest.join('/')));
  screen = { name: key, update };
  await update(true);
  main.focus();
}

async function start() {
  try {
    profile = await api('GET', '/profile');
    await refreshClock();
  } catch (error) {
    if (error.status !== 401)
      document.getElementById('main').replaceChildren(h('p.error', { role: 'alert' }, `The admin API did not answer: ${error.message}`));
    return;
  }
  document.getElementById('profile-title').textContent = `${profile.title} (profile ${profile.name}${profile.strict ? ', strict' : ''})`;
  document.querySelector('nav.tabs a[data-screen="clients"]').textContent = w().clientsTitle;
  if (!listening) {
    listening = true;
    window.addEventListener('hashchange', () => void route().catch(() => {}));
    // The skip link moves focus to the content; the hash stays the screen's.
    document.querySelector('a.skip').addEventListener('click', (e) => {
      e.preventDefault();
      document.getElementById('main').focus();
    });
  }
  await route();
  clearInterval(pollTimer);
  pollTimer = setInterval(() => {
    if (document.querySelector('dialog[open]')) return;
    void refreshClock()
      .then(() => screen.update(false))
      .catch(() => {});
  }, POLL_MS);
}

void start();
