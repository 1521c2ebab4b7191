// Les pages du compte de la coordinatrice d'Angers : « Mes notifications »
// (un choix par sujet, gardé), « Mes jetons d'accès » (un jeton créé, montré
// une seule fois, utilisé sur l'API depuis Node puis révoqué), la
// documentation publique de l'API, et la page des jetons à 375 px sous la
// vraie CSP. Chaque page visitée passe axe sans violation.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoSideScroll, checkA11y, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const COORDINATION = 'coordination@demo.maillage.fr';
const CALL_CLOSING = 'Un appel à projets se clôt bientôt';

/** GET `pathname` of the API from Node (not the browser), with `token` if given. */
function api(pathname, token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(`${env.server.baseURL}${pathname}`, { headers });
}

/** The row of the token list that names `name`. */
function tokenRow(page, name) {
  return page.locator('main table tbody tr').filter({ has: page.getByRole('cell', { name, exact: true }) });
}

/** Visits `pathname`: no sideways scroll, axe passes, no browser problem. */
async function fits(s, pathname) {
  await s.goto(pathname);
  await s.page.getByRole('heading', { level: 1 }).waitFor();
  await assertNoSideScroll(s.page);
  await checkA11y(s.page);
  s.assertNoProblems();
}

/**
 * Coche un bouton radio d'un groupe (fieldset) désigné par sa légende, en
 * cliquant sur son étiquette (le DSFR la dessine par-dessus le champ).
 */
async function choose(page, legend, option) {
  const radio = page.getByRole('group', { name: legend }).getByRole('radio', { name: option, exact: true });
  const id = await radio.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  assert.equal(await radio.isChecked(), true, `#${id} coché`);
}

/** Creates a read-only token named `name` for 30 days; returns its secret, shown once. */
async function createToken(s, name) {
  const { page } = s;
  await page.getByLabel('Nom du jeton').fill(name);
  const readOnly = page.getByRole('group', { name: 'Accès' }).getByRole('radio', { name: 'Lecture seule', exact: true });
  assert.ok(await readOnly.isChecked(), '« Lecture seule » est le choix par défaut');
  await choose(page, 'Durée', '30 jours');
  await s.navigateBy(() => page.getByRole('button', { name: 'Créer le jeton' }).click(), { status: 200 });
  await page.getByRole('status').filter({ hasText: 'Jeton créé : copiez-le maintenant' }).waitFor();
  const secret = (await page.locator('code#nouveau-jeton').innerText()).trim();
  assert.match(secret, /^mlg_\S{16,}$/, `jeton inattendu : ${secret}`);
  return secret;
}

test('coordinatrice : « Mes notifications », un choix par sujet, enregistré et gardé', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn(COORDINATION);
    await s.navigateBy(() => page.locator('header').getByRole('link', { name: 'Mon compte' }).click());
    await checkA11y(page);
    await s.navigateBy(() => page.locator('main').getByRole('link', { name: 'Mes notifications' }).click());
    assert.equal(new URL(page.url()).pathname, '/compte/notifications');
    await page.getByRole('heading', { level: 1, name: 'Mes notifications' }).waitFor();
    await checkA11y(page);
    s.assertNoProblems();

    // Un groupe de boutons radio par sujet, chacun avec les trois mêmes choix.
    const groups = page.locator('main form fieldset');
    const count = await groups.count();
    assert.ok(count >= 2, `un groupe par sujet de notification, ${count} trouvé(s)`);
    for (let i = 0; i < count; i += 1) {
      const group = groups.nth(i);
      const legend = (await group.locator('legend').innerText()).trim();
      const labels = (await group.locator('input[type="radio"] + label').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(labels, ['Tout de suite', 'Dans le récapitulatif du jour', 'Jamais'], `choix de « ${legend} »`);
      assert.equal(await group.locator('input[type="radio"]:checked').count(), 1, `un seul choix coché pour « ${legend} »`);
    }
    assert.equal(await page.getByText('Vos choix sont enregistrés').count(), 0);

    // « Jamais » pour la clôture prochaine d'un appel à projets.
    const closing = page.getByRole('group', { name: CALL_CLOSING });
    const never = closing.getByRole('radio', { name: 'Jamais', exact: true });
    assert.equal(await never.isChecked(), false, "la clôture d'un appel est annoncée par défaut");
    const others = await groups.evaluateAll((sets) =>
      sets.map((set) => set.querySelector('input[type="radio"]:checked')?.id),
    );
    await choose(page, CALL_CLOSING, 'Jamais');
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer mes choix' }).click(), { status: 200 });
    assert.equal(new URL(page.url()).pathname, '/compte/notifications');
    await page.getByRole('status').filter({ hasText: 'Vos choix sont enregistrés' }).waitFor();
    assert.ok(await page.getByRole('group', { name: CALL_CLOSING }).getByRole('radio', { name: 'Jamais', exact: true }).isChecked());
    await checkA11y(page);
    s.assertNoProblems();

    // Le choix est gardé en rechargeant la page, les autres sont inchangés.
    await visit(s, '/compte/notifications');
    assert.equal(await page.getByText('Vos choix sont enregistrés').count(), 0);
    assert.ok(
      await page.getByRole('group', { name: CALL_CLOSING }).getByRole('radio', { name: 'Jamais', exact: true }).isChecked(),
      '« Jamais » est gardé après rechargement',
    );
    const kept = await groups.evaluateAll((sets) =>
      sets.map((set) => set.querySelector('input[type="radio"]:checked')?.id),
    );
    const changed = kept.filter((id, i) => id !== others[i]);
    assert.deepEqual(changed, ['appel-cloture-jamais'], 'seul le choix modifié a changé');
  } finally {
    await s.close();
  }
});

test("coordinatrice : un jeton d'accès créé, montré une fois, utilisé sur l'API puis révoqué", async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  const name = 'Logiciel de suivi de la Mission locale';
  try {
    await s.signIn(COORDINATION);
    await s.navigateBy(() => page.locator('header').getByRole('link', { name: 'Mon compte' }).click());
    await s.navigateBy(() => page.locator('main').getByRole('link', { name: "Mes jetons d'accès" }).click());
    assert.equal(new URL(page.url()).pathname, '/compte/jetons');
    await page.getByRole('heading', { level: 1, name: "Mes jetons d'accès" }).waitFor();
    assert.match(await page.locator('main').innerText(), /Vous n'avez encore créé aucun jeton/);
    assert.equal(await page.locator('main table').count(), 0, 'aucun jeton au départ');
    await checkA11y(page);
    s.assertNoProblems();

    // Création : le jeton est montré une fois, la liste le dit actif.
    const secret = await createToken(s, name);
    const row = tokenRow(page, name);
    assert.equal(await row.count(), 1, 'une ligne pour le jeton créé');
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[2].trim(), 'Lecture seule');
    assert.equal(cells[6].trim(), 'Actif');
    assert.equal(cells[5].trim(), 'jamais', 'pas encore utilisé');
    assert.ok(secret.startsWith(cells[1].trim().replace(/…$/, '')), 'le début du jeton affiché est le sien');
    await checkA11y(page);
    s.assertNoProblems();

    // Depuis Node : le jeton lit les partenaires.
    const ok = await api('/api/v1/partners', secret);
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') || '', /^application\/json\b/);
    const body = await ok.json();
    assert.ok(Array.isArray(body.data), `réponse sans data : ${JSON.stringify(body).slice(0, 200)}`);
    assert.ok(body.data.length > 0, 'les partenaires de la démonstration');

    // Rechargée, la page ne montre plus le jeton, nulle part ; il a servi.
    await visit(s, '/compte/jetons');
    assert.equal(await page.locator('#nouveau-jeton').count(), 0);
    assert.ok(!(await page.content()).includes(secret), 'le jeton ne doit plus jamais être affiché');
    assert.equal((await tokenRow(page, name).locator('td').nth(6).innerText()).trim(), 'Actif');
    assert.notEqual((await tokenRow(page, name).locator('td').nth(5).innerText()).trim(), 'jamais', 'dernier usage noté');

    // Révocation : la ligne dit « Révoqué », l'API refuse le jeton.
    await s.navigateBy(() => tokenRow(page, name).getByRole('button', { name: 'Révoquer' }).click(), { status: 200 });
    assert.equal(new URL(page.url()).pathname, '/compte/jetons');
    assert.equal((await tokenRow(page, name).locator('td').nth(6).innerText()).trim(), 'Révoqué');
    assert.equal(await tokenRow(page, name).getByRole('button', { name: 'Révoquer' }).count(), 0);
    await checkA11y(page);
    s.assertNoProblems();

    const refused = await api('/api/v1/partners', secret);
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('content-type') || '', /^application\/problem\+json\b/);
    const problem = await refused.json();
    assert.equal(problem.status, 401);
    assert.equal(typeof problem.detail, 'string');
    assert.match(problem.detail, /jeton/i, `message inattendu : ${problem.detail}`);
    assert.doesNotMatch(problem.detail, /\b(invalid|token|revoked|expired|unauthori[sz]ed)\b/i, `message pas en français : ${problem.detail}`);
  } finally {
    await s.close();
  }
});

test("documentation de l'API : publique, elle liste les routes et mène au document OpenAPI 3.1", async () => {
  // Sous la vraie CSP : la page est lue par des équipes hors de Maillage.
  const s = await newSession(env.browser, env.server.baseURL, { bypassCSP: false });
  const { page } = s;
  try {
    await visit(s, '/api/v1');
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 0, 'sans connexion');
    const partners = page.getByRole('heading', { level: 2 }).filter({ hasText: /GET\s+\/api\/v1\/partners$/ });
    assert.equal(await partners.count(), 1, 'GET /api/v1/partners est documenté');
    const link = page.locator('main a[href="/api/v1/openapi.json"]');
    assert.ok((await link.count()) >= 1, 'un lien vers /api/v1/openapi.json');

    const res = await api('/api/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') || '', /^application\/json\b/);
    const doc = await res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths?.['/partners'] || doc.paths?.['/api/v1/partners'], 'le document décrit /partners');
  } finally {
    await s.close();
  }
});

test("375 px, CSP réelle : « Mes jetons d'accès », « Mes notifications » et l'API ne défilent pas sur le côté", async () => {
  const s = await newSession(env.browser, env.server.baseURL, { bypassCSP: false });
  const { page } = s;
  const name = 'Tableau de bord de la Mission locale angevine';
  try {
    await page.setViewportSize({ width: 375, height: 812 });
    await s.signIn(COORDINATION);
    await fits(s, '/compte/jetons');
    // Le jeton tout juste créé, long et d'un seul tenant, tient dans la largeur.
    await createToken(s, name);
    await assertNoSideScroll(page);
    await checkA11y(page);
    s.assertNoProblems();
    await s.screenshot('jetons-375px', { fullPage: false });
    // Un jeton actif, puis plus aucun : la liste n'a alors plus de bouton.
    await fits(s, '/compte/jetons');
    await s.navigateBy(() => tokenRow(page, name).getByRole('button', { name: 'Révoquer' }).click(), { status: 200 });
    assert.equal((await tokenRow(page, name).locator('td').nth(6).innerText()).trim(), 'Révoqué');
    assert.equal(await page.locator('main table').getByRole('button').count(), 0, 'aucun jeton actif');
    await assertNoSideScroll(page);
    await checkA11y(page);
    s.assertNoProblems();
    await fits(s, '/compte/notifications');
    await fits(s, '/api/v1');
  } finally {
    await s.close();
  }
});
