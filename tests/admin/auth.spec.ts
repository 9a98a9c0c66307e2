// Admin API authentication: Authorization: Bearer <admin token> (RFC 6750 §2.1 syntax) when a token is
// configured, 401 otherwise; open only on loopback when none is configured.
import { admin, expect, startMock, test } from './helpers.ts';

const TOKEN = 'admin-token-for-tests-0123456789';

test('with an admin token configured, requests without it or with a wrong one get 401 and a Bearer challenge (RFC 6750 §3)', async () => {
  const idp = await startMock({ adminToken: TOKEN });
  try {
    expect(idp.adminTokenRequired).toBe(true);
    for (const token of [undefined, 'wrong-token', `${TOKEN}x`, '']) {
      const r = await admin(idp, 'GET', '/clients', undefined, token);
      expect(r.status, String(token)).toBe(401);
      expect(r.json.error).toBe('unauthorized');
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      expect(r.text).not.toContain(TOKEN);
    }
    const basic = await fetch(`${idp.adminUrl}/clients`, {
      headers: { Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
    });
    expect(basic.status).toBe(401);
    // Even unknown paths and bad bodies are answered 401 first: nothing is revealed without the token.
    expect((await admin(idp, 'GET', '/nothing')).status).toBe(401);
    expect((await admin(idp, 'POST', '/clients', { bad: 1 })).status).toBe(401);
    expect((await admin(idp, 'GET', '/clients', undefined, TOKEN)).status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('the admin token comes from the config (admin.token) and the IDP_CONFORMANCE_ADMIN_TOKEN environment variable', async () => {
  const fromConfig = await startMock({ config: { clients: [], admin: { token: TOKEN } } });
  try {
    expect((await admin(fromConfig, 'GET', '/clock')).status).toBe(401);
    expect((await admin(fromConfig, 'GET', '/clock', undefined, TOKEN)).status).toBe(200);
  } finally {
    await fromConfig.close();
  }
  process.env.IDP_CONFORMANCE_ADMIN_TOKEN = `${TOKEN}-env`;
  try {
    const fromEnv = await startMock();
    try {
      expect((await admin(fromEnv, 'GET', '/clock', undefined, TOKEN)).status).toBe(401);
      expect((await admin(fromEnv, 'GET', '/clock', undefined, `${TOKEN}-env`)).status).toBe(200);
    } finally {
      await fromEnv.close();
    }
  } finally {
    delete process.env.IDP_CONFORMANCE_ADMIN_TOKEN;
  }
});

test('without a token the admin API is open on loopback; a non-loopback host is refused at start; admin.enabled false removes it', async () => {
  const open = await startMock();
  try {
    expect(open.adminTokenRequired).toBe(false);
    expect((await admin(open, 'GET', '/clients')).status).toBe(200);
  } finally {
    await open.close();
  }
  await expect(startMock({ host: '0.0.0.0' })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0.*admin token/);
  const disabled = await startMock({ config: { clients: [], admin: { enabled: false } } });
  try {
    expect(disabled.adminUrl).toBeUndefined();
    const r = await fetch(disabled.url('/_admin/clients'));
    expect(r.status).toBe(404);
  } finally {
    await disabled.close();
  }
});
