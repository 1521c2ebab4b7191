// A ProConnect-like OpenID provider for Maillage's tests, built on the
// certified `oidc-provider` package. See README.md beside this file.
//
// stdout carries exactly one line, `listening http://127.0.0.1:<port>`;
// everything else (oidc-provider's notices included) goes to stderr.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

// oidc-provider prints its notices with console.info (stdout): send every
// console output to stderr before loading it.
for (const name of ['log', 'info', 'debug']) console[name] = console.error;

const { default: Provider } = await import('oidc-provider');
const { CompactSign, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } = await import('jose');

// ---------------------------------------------------------------- options --

function usage(message) {
  console.error(`provider.mjs: ${message}
usage: node provider.mjs --port N --client-id ID --client-secret SECRET
         --redirect-uri URI [--redirect-uri URI ...]
         --post-logout-redirect-uri URI [--post-logout-redirect-uri URI ...]
         --accounts FILE --keys FILE [--rotate-keys]`);
  process.exit(2);
}

function parseArgs(argv) {
  const repeated = new Set(['redirect-uri', 'post-logout-redirect-uri']);
  const single = new Set(['port', 'client-id', 'client-secret', 'accounts', 'keys']);
  const opts = { 'redirect-uri': [], 'post-logout-redirect-uri': [], 'rotate-keys': false };
  for (let i = 0; i < argv.length; i += 1) {
    let arg = argv[i];
    if (!arg.startsWith('--')) usage(`unexpected argument ${arg}`);
    arg = arg.slice(2);
    if (arg === 'rotate-keys') {
      opts[arg] = true;
      continue;
    }
    let value;
    const eq = arg.indexOf('=');
    if (eq !== -1) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    } else {
      i += 1;
      value = argv[i];
    }
    if (value === undefined) usage(`--${arg} needs a value`);
    if (repeated.has(arg)) opts[arg].push(value);
    else if (single.has(arg)) opts[arg] = value;
    else usage(`unknown option --${arg}`);
  }
  for (const name of single) if (opts[name] === undefined) usage(`--${name} is required`);
  if (opts['redirect-uri'].length === 0) usage('--redirect-uri is required');
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port must be 0..65535');
  return { ...opts, port };
}

const opts = parseArgs(process.argv.slice(2));

// ------------------------------------------------------------------- keys --

async function newKey(kid) {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

function writeKeys(path, keys) {
  writeFileSync(path, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
}

// --rotate-keys: a new key k<n+1> signs from now on; the older ones stay
// published, as ProConnect does when it rotates.
async function loadKeys(path, rotate) {
  if (!existsSync(path)) {
    writeKeys(path, [await newKey('k1')]);
    console.error(`generated signing key k1 into ${path}`);
  } else if (rotate) {
    const { keys: old } = JSON.parse(readFileSync(path, 'utf8'));
    const kid = `k${old.length + 1}`;
    writeKeys(path, [await newKey(kid), ...old]);
    console.error(`rotated: ${kid} signs from now on`);
  }
  const { keys } = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${path}: "keys" must be a non-empty array`);
  return keys.map((key, i) => {
    if (key.kty !== 'RSA' || !key.d || typeof key.kid !== 'string') {
      throw new Error(`${path}: keys[${i}] must be a private RSA JWK with a kid`);
    }
    return { ...key, alg: 'RS256', use: 'sig' };
  });
}

const keys = await loadKeys(opts.keys, opts['rotate-keys']);
const signingJwk = keys[0];
const signingKey = await importJWK(signingJwk, 'RS256');
// Signs `bad-signature` tokens: same kid as the real key, never published.
// Made on first use (an RSA key takes a while to generate).
let rogueKey;

// --------------------------------------------------------------- accounts --

// Read at every use, so a test may edit the file while the provider runs.
function readAccounts() {
  return JSON.parse(readFileSync(opts.accounts, 'utf8'));
}
try {
  readAccounts();
} catch (err) {
  usage(`--accounts ${opts.accounts}: ${err.message}`);
}

function accountByEmail(email) {
  const wanted = email.trim().toLowerCase();
  for (const [key, account] of Object.entries(readAccounts())) {
    if (key.toLowerCase() === wanted) return { email: key, ...account };
  }
  return undefined;
}

function accountBySub(sub) {
  for (const [email, account] of Object.entries(readAccounts())) {
    if (account.sub === sub) return { email, ...account };
  }
  return undefined;
}

// ------------------------------------------------------------------- html --

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label,input,button{display:block;margin:.5rem 0}input{width:100%;padding:.4rem}
.erreur{color:#b00;border-left:4px solid #b00;padding-left:.5rem}</style>
</head>
<body>
${body}
</body>
</html>`;
}

function loginPage(uid, clientId, { email = '', error } = {}) {
  return page('Connexion ProConnect (fournisseur de test)', `<main>
<h1>Connexion ProConnect (fournisseur de test)</h1>
<p>Application : <code>${escapeHtml(clientId)}</code></p>
${error ? `<p class="erreur" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="email">Adresse électronique professionnelle</label>
<input type="email" name="email" id="email" value="${escapeHtml(email)}" required autofocus>
<button type="submit">Se connecter</button>
</form>
</main>`);
}

// ------------------------------------------------------------ provider ----

const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(opts.port, '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const scopeClaims = {
  openid: ['sub'],
  email: ['email'],
  given_name: ['given_name'],
  usual_name: ['usual_name'],
  uid: ['uid'],
  siret: ['siret'],
  siren: ['siren'],
  phone: ['phone_number'],
  organizational_unit: ['organizational_unit'],
  belonging_population: ['belonging_population'],
  idp_id: ['idp_id'],
};

const configuration = {
  clients: [{
    client_id: opts['client-id'],
    client_secret: opts['client-secret'],
    redirect_uris: opts['redirect-uri'],
    post_logout_redirect_uris: opts['post-logout-redirect-uri'],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    userinfo_signed_response_alg: 'RS256',
  }],
  jwks: { keys },
  scopes: Object.keys(scopeClaims),
  claims: { ...scopeClaims, acr: null, amr: null, sid: null, auth_time: null, iss: null },
  acrValues: ['eidas1'],
  responseTypes: ['code'],
  pkce: { required: () => true },
  clientAuthMethods: ['client_secret_post'],
  features: {
    devInteractions: { enabled: false },
    pushedAuthorizationRequests: { enabled: false },
    dPoP: { enabled: false },
    claimsParameter: { enabled: true },
    jwtUserinfo: { enabled: true },
    userinfo: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // No consent screen (ProConnect shows none): every scope and claim the
  // client asks for is granted on the spot, on the first request and later.
  loadExistingGrant,
  findAccount,
  renderError,
  cookies: { keys: ['maillage-tests-cookie-key'] },
  // oidc-provider's defaults, spelled out (it prints a notice otherwise).
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    Grant: 14 * 24 * 3600,
    IdToken: 3600,
    Interaction: 3600,
    Session: 14 * 24 * 3600,
  },
};

async function findAccount(ctx, sub) {
  const account = accountBySub(sub);
  if (!account) return undefined;
  return {
    accountId: sub,
    async claims() {
      const claims = {
        sub,
        email: account.email,
        given_name: account.given_name,
        usual_name: account.usual_name,
        uid: account.uid,
        siret: account.siret,
        siren: account.siren ?? account.siret?.slice(0, 9),
        phone_number: account.phone_number,
        organizational_unit: account.organizational_unit,
        belonging_population: account.belonging_population,
        idp_id: account.idp_id ?? 'fia1v2',
      };
      for (const key of Object.keys(claims)) if (claims[key] === undefined) delete claims[key];
      return claims;
    },
  };
}

async function loadExistingGrant(ctx) {
  const { oidc } = ctx;
  const { accountId } = oidc.account;
  const clientId = oidc.client.clientId;
  const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!grant || grant.accountId !== accountId || grant.clientId !== clientId) {
    grant = new oidc.provider.Grant({ accountId, clientId });
  }
  const scopes = [...oidc.requestParamOIDCScopes];
  if (scopes.length) grant.addOIDCScope(scopes.join(' '));
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  await grant.save();
  return grant;
}

async function logoutSource(ctx, form) {
  // `form` is `<form id="op.logoutForm" method="post" action="/session/end/confirm">
  // <input type="hidden" name="xsrf" value="..."/></form>`. ProConnect logs
  // out without asking: submit it at once, with logout=yes (end the whole
  // session); the button is there for clients without JavaScript.
  const autoForm = form.replace('</form>',
    '<input type="hidden" name="logout" value="yes"/>'
    + '<button type="submit" id="logout">Se déconnecter</button></form>');
  ctx.type = 'html';
  ctx.body = page('Déconnexion ProConnect (fournisseur de test)', `<main>
<h1>Déconnexion ProConnect (fournisseur de test)</h1>
${autoForm}
<script>document.getElementById('op.logoutForm').submit();</script>
</main>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = page('Déconnecté', '<main><h1>Vous êtes déconnecté de ProConnect (fournisseur de test).</h1></main>');
}

async function renderError(ctx, out) {
  ctx.type = 'html';
  ctx.body = page('Erreur', `<main><h1>Erreur</h1>${Object.entries(out)
    .map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong> : <code>${escapeHtml(v)}</code></p>`).join('\n')}</main>`);
}

const provider = new Provider(issuer, configuration);

provider.on('server_error', (ctx, err) => console.error('server_error', err));
for (const event of ['authorization.error', 'grant.error', 'userinfo.error', 'end_session.error', 'end_session_confirm.error']) {
  provider.on(event, (ctx, err) => console.error(`${event}: ${err.error ?? err.name}: ${err.error_description ?? err.message}`));
}

// ------------------------------------------------------------ middleware --

async function readBody(req, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Access log, on stderr.
provider.use(async (ctx, next) => {
  const start = Date.now();
  try {
    await next();
  } finally {
    console.error(`${ctx.method} ${ctx.path} -> ${ctx.status} (${Date.now() - start} ms)`);
  }
});

// Test-only endpoints.
const TAMPER_MODES = new Set(['bad-signature', 'expired', 'wrong-audience', 'wrong-nonce', 'wrong-issuer']);
let tamperMode = null;

provider.use(async (ctx, next) => {
  if (!ctx.path.startsWith('/__test/')) return next();
  if (ctx.method === 'GET' && ctx.path === '/__test/health') {
    ctx.body = { status: 'ok', issuer };
    return undefined;
  }
  if (ctx.method === 'POST' && ctx.path === '/__test/tamper') {
    let body;
    try {
      body = JSON.parse(await readBody(ctx.req));
    } catch {
      ctx.status = 400;
      ctx.body = { error: 'body must be JSON' };
      return undefined;
    }
    const mode = body?.id_token ?? null;
    if (mode !== null && !TAMPER_MODES.has(mode)) {
      ctx.status = 400;
      ctx.body = { error: `id_token must be null or one of ${[...TAMPER_MODES].join(', ')}` };
      return undefined;
    }
    tamperMode = mode;
    console.error(`tamper: next id_token -> ${mode}`);
    ctx.status = 204;
    return undefined;
  }
  ctx.status = 404;
  ctx.body = { error: 'not found' };
  return undefined;
});

// Rewrites the id_token of the next successful token response.
async function tamper(idToken, mode) {
  const [, payloadB64] = idToken.split('.');
  const header = decodeProtectedHeader(idToken);
  const payload = JSON.parse(Buffer.from(payloadB64, 'base64url').toString('utf8'));
  const now = Math.floor(Date.now() / 1000);
  let key = signingKey;
  switch (mode) {
    case 'bad-signature':
      rogueKey ??= (await generateKeyPair('RS256', { modulusLength: 2048 })).privateKey;
      key = rogueKey;
      break;
    case 'expired': payload.iat = now - 7200; payload.exp = now - 3600; break;
    case 'wrong-audience': payload.aud = 'quelquun-d-autre'; break;
    case 'wrong-nonce': payload.nonce = 'pas-le-bon'; break;
    case 'wrong-issuer': payload.iss = 'http://127.0.0.1:1'; break;
    default: throw new Error(`unknown tamper mode ${mode}`);
  }
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ ...header, alg: 'RS256', kid: signingJwk.kid })
    .sign(key);
}

const tokenPath = provider.pathFor('token');
provider.use(async (ctx, next) => {
  await next();
  if (ctx.method !== 'POST' || ctx.path !== tokenPath) return;
  if (tamperMode && ctx.status === 200 && typeof ctx.body?.id_token === 'string') {
    const mode = tamperMode;
    tamperMode = null;
    ctx.body = { ...ctx.body, id_token: await tamper(ctx.body.id_token, mode) };
    console.error(`tamper: id_token rewritten (${mode})`);
  }
});

// Interactions: GET /interaction/:uid, POST /interaction/:uid/login.
const interactionRoute = /^\/interaction\/([\w-]+)(\/login)?$/;

provider.use(async (ctx, next) => {
  const match = interactionRoute.exec(ctx.path);
  if (!match) return next();
  const [, uid, login] = match;
  ctx.set('cache-control', 'no-store');
  try {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== uid) throw Object.assign(new Error('interaction mismatch'), { status: 400 });
    const { prompt, params } = details;

    if (!login && ctx.method === 'GET') {
      if (prompt.name === 'login') {
        ctx.type = 'html';
        ctx.body = loginPage(uid, params.client_id);
        return undefined;
      }
      // Any other prompt (consent): grant everything, no screen.
      await provider.interactionFinished(ctx.req, ctx.res, { consent: {} }, { mergeWithLastSubmission: true });
      ctx.respond = false;
      return undefined;
    }

    if (login && ctx.method === 'POST') {
      if (prompt.name !== 'login') throw Object.assign(new Error('no login pending'), { status: 400 });
      const form = new URLSearchParams(await readBody(ctx.req));
      const email = form.get('email') ?? '';
      const account = accountByEmail(email);
      if (!account) {
        ctx.status = 401;
        ctx.type = 'html';
        ctx.body = loginPage(uid, params.client_id, {
          email,
          error: `Aucun compte de test pour « ${email} ».`,
        });
        return undefined;
      }
      const result = {
        login: { accountId: account.sub, acr: 'eidas1', amr: ['pwd'] },
      };
      console.error(`login: ${account.email} (sub ${account.sub})`);
      await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
      ctx.respond = false;
      return undefined;
    }

    ctx.status = 405;
    ctx.body = 'method not allowed';
    return undefined;
  } catch (err) {
    console.error(`interaction ${uid}: ${err.name}: ${err.message}`);
    ctx.status = err.status ?? err.statusCode ?? 500;
    ctx.type = 'html';
    ctx.body = page('Erreur', `<main><h1>Erreur</h1><p>${escapeHtml(err.error_description ?? err.message)}</p></main>`);
    return undefined;
  }
});

// ------------------------------------------------------------------- run --

server.on('request', provider.callback());

function shutdown(signal) {
  console.error(`${signal}: stopping`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

process.stdout.write(`listening ${issuer}\n`);
