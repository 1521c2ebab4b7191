// Harness for Maillage's end-to-end tests: a fresh server on a temporary
// SQLite demo database, Debian's Chromium driven by playwright-core, an
// axe-core check, and a watch on console errors and failed requests.
//
// Environment:
//   MAILLAGE_BIN   the maillage binary (default: target/debug/maillage at the
//                  repository root, resolved from this file)
//   CHROMIUM_PATH  the Chromium binary (default: /usr/bin/chromium)
//   E2E_SHOTS_DIR  where screenshots go (default: /tmp/e2e-shots)
//   E2E_DEBUG=1    copy the server's output to stderr

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const DEMO_PASSWORD = 'demo-maillage-2026';
export const SHOTS_DIR = process.env.E2E_SHOTS_DIR || '/tmp/e2e-shots';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const START_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------- server

/**
 * Spawns `command` with `args` in `cwd` (with `env`, default this process's
 * environment) and watches its output. Resolves to { url, stop, output } once
 * `ready(stdout)`, called with what the process has written to stdout so far,
 * returns something other than null: that value is `url`. Rejects if the
 * process fails to start, exits first, or is not ready within `timeoutMs`;
 * `what` names it in those messages (« le serveur »). `dir`, the process's
 * temporary directory, is removed when it stops.
 */
export async function startProcess({ command, args = [], cwd, env, dir, ready, what, timeoutMs = START_TIMEOUT_MS }) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  const debug = process.env.E2E_DEBUG === '1';
  const onData = (chunk) => {
    output += chunk.toString();
    if (debug) process.stderr.write(chunk);
  };
  child.stdout.on('data', (chunk) => {
    stdout += chunk.toString();
    onData(chunk);
  });
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const cleanup = () => rm(dir, { recursive: true, force: true });
  // Should the test process end without calling stop (an uncaught error, a
  // script without an `after` hook), take the process and its files with it.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} n'a pas démarré en ${timeoutMs / 1000} s :\n${output}`)),
        timeoutMs,
      );
      child.stdout.on('data', () => {
        const found = ready(stdout);
        if (found !== null) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`${what} s'est arrêté (code ${code}, signal ${signal}) :\n${output}`));
      });
    });
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await cleanup();
    process.removeListener('exit', onExit);
    throw err;
  }

  let stopped = null;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      await cleanup();
      process.removeListener('exit', onExit);
    })();
    return stopped;
  };
  return { url, stop, output: () => output };
}

/**
 * Starts `maillage demo` on a fresh temporary SQLite database and a free port.
 * Resolves to { baseURL, stop, output } once the server prints its
 * "écoute sur http://…" line.
 *
 * Options, all optional: `env`, variables added to the server's environment;
 * `args`, arguments added after `demo`; `bind`, the listening address
 * (default 127.0.0.1:0). When `env` sets MAILLAGE_PUBLIC_URL, that is the
 * baseURL (the address the browser must use).
 */
export async function startServer({ env: extraEnv = {}, args = [], bind = '127.0.0.1:0' } = {}) {
  const bin = process.env.MAILLAGE_BIN
    ? path.resolve(process.env.MAILLAGE_BIN)
    : path.resolve(here, '../../target/debug/maillage');
  if (!existsSync(bin)) {
    throw new Error(`binaire introuvable : ${bin} (lancez d'abord \`cargo build -p maillage\` ou réglez MAILLAGE_BIN)`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'maillage-e2e-'));
  const env = { ...process.env, MAILLAGE_DATABASE_URL: path.join(dir, 'maillage.db') };
  // Plain http on loopback: no Secure cookies, no proxy headers believed.
  delete env.MAILLAGE_HTTPS;
  delete env.MAILLAGE_BIND;
  delete env.MAILLAGE_TRUSTED_PROXIES;
  Object.assign(env, extraEnv);

  const { url: baseURL, stop, output } = await startProcess({
    command: bin,
    args: ['demo', '--bind', bind, ...args],
    cwd: dir,
    env,
    dir,
    ready: (stdout) => {
      const m = stdout.match(/écoute sur (http:\/\/[^\s]+)/);
      return m ? (extraEnv.MAILLAGE_PUBLIC_URL || m[1]).replace(/\/$/, '') : null;
    },
    what: 'le serveur',
  });
  return { baseURL, stop, output };
}

// Below Linux's ephemeral range (32768–60999), whence the kernel draws a
// port for a bind on port 0 or an outgoing connection: between the probe and
// the server's own bind, no other process can be handed a port from here.
const FIXED_PORTS = { from: 20_000, to: 32_000 };

/**
 * `count` distinct ports free right now on 127.0.0.1, for servers whose
 * address must be known before they start (ProConnect's redirect URI).
 */
export async function freePorts(count = 1) {
  const probes = [];
  try {
    for (let attempt = 0; probes.length < count; attempt += 1) {
      if (attempt === 100) throw new Error(`aucun port libre entre ${FIXED_PORTS.from} et ${FIXED_PORTS.to}`);
      const port = FIXED_PORTS.from + Math.floor(Math.random() * (FIXED_PORTS.to - FIXED_PORTS.from));
      const probe = createNetServer();
      // A port already taken (by another process or a probe of ours) fails here.
      const free = await new Promise((resolve) => {
        probe.once('error', () => resolve(false));
        probe.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (free) probes.push(probe);
    }
    return probes.map((probe) => probe.address().port);
  } finally {
    await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  }
}

// ---------------------------------------------------------------- browser

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Starts the server and the browser for one test file; returns
 * { server, browser, close }.
 */
export async function setUp() {
  const server = await startServer();
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    server,
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      await server.stop();
    },
  };
}

// ---------------------------------------------------------------- session

/**
 * One browser context (its own cookies) and one page, watched for console
 * errors, uncaught exceptions and failed requests.
 *
 * `bypassCSP` is needed by checkA11y, which adds axe-core as an inline script
 * (the site's CSP forbids those). Pass { bypassCSP: false } to run under the
 * real CSP: checkA11y then evaluates axe through the DevTools protocol.
 *
 * `foreignOrigins`: origins whose pages the test goes through but that are
 * not Maillage's (a test OpenID provider): their console errors and
 * exceptions are not ours and are not watched.
 */
export async function newSession(browser, baseURL, { bypassCSP = true, foreignOrigins = [] } = {}) {
  const context = await browser.newContext({
    baseURL,
    bypassCSP,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  if (bypassCSP) cspBypassed.add(page);
  return new Session(context, page, baseURL, { foreignOrigins });
}

export class Session {
  constructor(context, page, baseURL, { foreignOrigins = [] } = {}) {
    this.context = context;
    this.page = page;
    this.origin = new URL(baseURL).origin;
    const foreign = new Set(foreignOrigins.map((o) => new URL(o).origin));
    const isForeign = (url) => foreign.size > 0 && foreign.has(originOf(url));
    this.problems = [];
    // True while the test navigates away from the page.
    this.leaving = false;
    // Error statuses the test expects: [{ status, test(url) }], used once each.
    this.expected = [];
    // URLs whose error status was expected (their "Failed to load resource"
    // console line is expected too).
    this.expectedUrls = new Set();

    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const url = msg.location()?.url || '';
      if (isForeign(url)) return;
      const text = msg.text();
      if (/Failed to load resource/.test(text) && (this.expectedUrls.has(url) || isSourceMap(url))) return;
      this.problems.push(`erreur de console (${page.url()}) : ${text}${url ? ` [${url}]` : ''}`);
    });
    page.on('pageerror', (err) => {
      if (isForeign(page.url())) return;
      this.problems.push(`exception JavaScript (${page.url()}) : ${err.message}`);
    });
    page.on('requestfailed', (request) => {
      const url = request.url();
      if (isSourceMap(url)) return;
      // A request cut short while the test navigates (htmx, or an icon the
      // style sheet of the page being left asks for after its load event) is
      // what a browser does, not a fault of the page. The new document itself
      // must not be aborted.
      const subresource = !request.isNavigationRequest();
      if (this.leaving && subresource && request.failure()?.errorText === 'net::ERR_ABORTED') return;
      this.problems.push(`requête échouée : ${request.method()} ${url} (${request.failure()?.errorText})`);
    });
    page.on('response', (response) => {
      const url = response.url();
      const status = response.status();
      if (status < 400 || !url.startsWith(this.origin)) return;
      if (status === 404 && isSourceMap(url)) return;
      const method = response.request().method();
      const i = this.expected.findIndex((e) => e.status === status && e.test(url, method));
      if (i >= 0) {
        this.expected.splice(i, 1);
        this.expectedUrls.add(url);
        return;
      }
      this.problems.push(`réponse en erreur : ${method} ${url} → ${status}`);
    });
  }

  /** Expects one response with this error status on a URL whose path matches. */
  expectError(status, pathPattern, method) {
    const re = pathPattern instanceof RegExp ? pathPattern : new RegExp(`^${escapeRegExp(pathPattern)}(\\?|$)`);
    this.expected.push({
      status,
      test: (url, m) => re.test(new URL(url).pathname + new URL(url).search) && (!method || method === m),
    });
  }

  /** Navigates to a path and checks the status (200 unless told). */
  async goto(pathname, { status = 200 } = {}) {
    if (status >= 400) this.expectError(status, pathname.split('?')[0], 'GET');
    this.leaving = true;
    const response = await this.page.goto(pathname);
    this.leaving = false;
    if (!response) throw new Error(`aucune réponse pour ${pathname}`);
    if (response.status() !== status) {
      throw new Error(`${pathname} : statut ${response.status()}, attendu ${status}`);
    }
    await this.ready();
    return response;
  }

  /** Waits for the page to be loaded and the DSFR's script to have run. */
  async ready() {
    await this.page.waitForLoadState('load');
    await this.page.waitForFunction(() => document.documentElement.hasAttribute('data-fr-js'), null, {
      timeout: 10_000,
    });
  }

  /** Runs `action` (which submits a form or follows a link) and waits for the new page. */
  async navigateBy(action, { status } = {}) {
    this.leaving = true;
    const [response] = await Promise.all([this.page.waitForNavigation({ waitUntil: 'load' }), action()]);
    this.leaving = false;
    if (status !== undefined && response?.status() !== status) {
      throw new Error(`${this.page.url()} : statut ${response?.status()}, attendu ${status}`);
    }
    await this.ready();
    return response;
  }

  async signIn(email, password = DEMO_PASSWORD) {
    if (!this.page.url().endsWith('/connexion')) await this.goto('/connexion');
    await this.page.getByLabel('Adresse électronique').fill(email);
    await this.page.getByLabel('Mot de passe', { exact: true }).fill(password);
    return this.navigateBy(() => this.page.getByRole('button', { name: 'Se connecter' }).click());
  }

  async signOut() {
    const button = this.page.getByRole('button', { name: 'Se déconnecter' });
    return this.navigateBy(() => button.click());
  }

  /** Throws with the list of console errors and failed requests seen so far. */
  assertNoProblems() {
    const problems = this.problems.splice(0);
    const missing = this.expected.splice(0).length;
    if (missing) problems.push(`${missing} réponse(s) en erreur attendue(s) jamais reçue(s)`);
    if (problems.length) {
      throw new Error(`Problèmes relevés dans le navigateur :\n- ${problems.join('\n- ')}`);
    }
  }

  async close() {
    try {
      this.assertNoProblems();
    } finally {
      await this.context.close();
    }
  }

  /** Saves a PNG of the page (the whole page unless told) into SHOTS_DIR. */
  async screenshot(name, { fullPage = true } = {}) {
    await mkdir(SHOTS_DIR, { recursive: true });
    const file = path.join(SHOTS_DIR, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage });
    return file;
  }
}

// ---------------------------------------------------------------- axe

let axeSource;
// Pages whose context ignores the CSP (axe can be added as an inline script).
const cspBypassed = new WeakSet();

/**
 * Runs axe-core on the page (WCAG 2.0/2.1 A and AA, and best practices) and
 * throws with a readable list of the violations if there is any.
 */
export async function checkA11y(page, { label } = {}) {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) {
    if (cspBypassed.has(page)) {
      await page.addScriptTag({ content: axeSource });
    } else {
      // Under the real CSP an inline script is refused (and the refusal is a
      // console error): evaluate axe through the DevTools protocol instead.
      await page.evaluate(axeSource);
    }
  }
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  if (results.violations.length) {
    const lines = results.violations.map((v) => {
      const nodes = v.nodes
        .map((n) => `      ${n.target.join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
        .join('\n');
      return `  - ${v.id} [${v.impact}] ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    });
    throw new Error(
      `axe : ${results.violations.length} violation(s) sur ${label || page.url()} :\n${lines.join('\n')}`,
    );
  }
  return results;
}

/** A Paris date `days` from today, as a date field takes it. */
export function isoDate(days) {
  const at = new Date(Date.now() + days * 86_400_000);
  return at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
}

/** A one-page PDF, as small as a reader accepts. */
export function tinyPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Navigates and checks accessibility and browser problems in one go. */
export async function visit(session, pathname, options) {
  const response = await session.goto(pathname, options);
  await checkA11y(session.page);
  session.assertNoProblems();
  return response;
}

/** The page fits its width: only tables scroll, inside their wrapper. */
export async function assertNoSideScroll(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`${page.url()} défile de ${overflow} px sur le côté`);
}

/** The coordinator's account and removal pages: confirmations, role, password again, filtered journal. */
export async function accountPages(s) {
  await visit(s, '/comptes');
  const hrefs = [];
  for (const suffix of ['/role', '/retirer', '/desactiver']) {
    hrefs.push(await s.page.locator(`main a[href$="${suffix}"]`).first().getAttribute('href'));
  }
  await visit(s, '/cite');
  hrefs.push(await s.page.locator('main a[href^="/cite/qpv/"]').first().getAttribute('href'));
  hrefs.push('/reconnexion?retour=%2Fcomptes', '/journal?quoi=connexions');
  for (const href of hrefs) {
    await visit(s, href);
    await s.page.getByRole('heading', { level: 1 }).waitFor();
    await assertNoSideScroll(s.page);
  }
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function isSourceMap(url) {
  try {
    return new URL(url).pathname.endsWith('.map');
  } catch {
    return false;
  }
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
