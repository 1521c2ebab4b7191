// À 390 px (un téléphone courant), chaque page qui a un tableau tient dans
// sa largeur : seuls les tableaux défilent, dans leur cadre DSFR, jamais la
// page ; et sur la page d'une action, « Libérer la place » est à l'écran.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoSideScroll, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const WIDTH = 390;

/** The first link of `main` whose href matches `pattern`, on the current page. */
async function firstHref(page, pattern) {
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  return hrefs.find((h) => pattern.test(h));
}

/** Visits each path at 390 px and checks that the page does not scroll sideways. */
async function fits(s, paths) {
  for (const p of paths) {
    await visit(s, p);
    await s.page.getByRole('heading', { level: 1 }).first().waitFor();
    await assertNoSideScroll(s.page);
  }
}

test('390 px : les pages à tableaux de la coordination ne défilent pas sur le côté', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await page.setViewportSize({ width: WIDTH, height: 844 });
    await s.signIn('coordination@demo.maillage.fr');
    await fits(s, ['/', '/personnes', '/adressages', '/cohortes', '/actions', '/partenaires', '/comptes', '/journal', '/offres/structures', '/offres/import', '/actions-innovantes', '/financements?annee=2026', '/cite/freins']);
    await visit(s, '/personnes');
    const file = await firstHref(page, /^\/personnes\/\d+$/);
    await visit(s, '/offres');
    const service = await firstHref(page, /^\/offres\/\d+$/);
    await fits(s, [file, `${file}/consultations`, service]);

    // Every action page, and one with persons placed: « Libérer la place » on screen.
    await visit(s, '/actions');
    const actions = [
      ...new Set(
        (await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).filter((h) =>
          /^\/actions\/\d+$/.test(h),
        ),
      ),
    ];
    assert.ok(actions.length > 0, 'des actions à visiter');
    let released = 0;
    for (const href of actions) {
      await fits(s, [href]);
      const buttons = page.getByRole('button', { name: /^Libérer la place/ });
      for (let i = 0; i < (await buttons.count()); i += 1) {
        const button = buttons.nth(i);
        await button.scrollIntoViewIfNeeded();
        const box = await button.boundingBox();
        const width = await page.evaluate(() => window.innerWidth);
        assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${href} : « Libérer la place » hors de l'écran (${JSON.stringify(box)})`);
        released += 1;
      }
    }
    assert.ok(released > 0, 'une action au moins a des places prises');
    await s.screenshot('action-390px', { fullPage: false });
  } finally {
    await s.close();
  }
});

test('390 px : les pages à tableaux nationales et du co-pilote ne défilent pas sur le côté', async () => {
  for (const [email, paths] of [
    ['national@demo.maillage.fr', ['/', '/cites', '/actions-innovantes', '/financements?annee=2026', '/instances']],
    ['pilote@demo.maillage.fr', ['/', '/actions', '/partenaires', '/financements?annee=2026']],
  ]) {
    const s = await newSession(env.browser, env.server.baseURL);
    try {
      await s.page.setViewportSize({ width: WIDTH, height: 844 });
      await s.signIn(email);
      await fits(s, paths);
      if (email.startsWith('national')) {
        await visit(s, '/cites');
        await fits(s, [await firstHref(s.page, /^\/cites\/\d+$/)]);
      }
    } finally {
      await s.close();
    }
  }
});

test("390 px : les appels à projets, leur instruction, les conventions et les bilans du Mans ne défilent pas sur le côté", async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await page.setViewportSize({ width: WIDTH, height: 844 });
    await s.signIn('coordination.lemans@demo.maillage.fr');
    await fits(s, ['/appels-a-projets', '/conventions', '/a-faire', '/demandes-de-compte']);
    await visit(s, '/appels-a-projets');
    const calls = [
      ...new Set(
        (await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).filter((h) =>
          /^\/appels-a-projets\/\d+$/.test(h),
        ),
      ),
    ];
    assert.ok(calls.length >= 2, 'les deux appels du Mans');
    for (const call of calls) {
      await fits(s, [call, `${call}/grille`, `${call}/instructeurs`]);
    }
    let evaluation;
    for (const call of calls) {
      await visit(s, `${call}/grille`);
      evaluation ??= await firstHref(page, /^\/candidatures\/\d+\/evaluation$/);
    }
    assert.ok(evaluation, 'une candidature instruite');
    await fits(s, [evaluation.replace(/\/evaluation$/, ''), evaluation]);
    await visit(s, '/conventions');
    const agreement = await firstHref(page, /^\/conventions\/\d+$/);
    await fits(s, [agreement]);
    const report = await firstHref(page, /^\/bilans\/\d+$/);
    await fits(s, [report]);
  } finally {
    await s.close();
  }
});

test("390 px : les instances d'Angers, une séance tenue, son émargement et son compte rendu ne défilent pas sur le côté", async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await page.setViewportSize({ width: WIDTH, height: 844 });
    await s.signIn('coordination@demo.maillage.fr');
    await fits(s, ['/instances', '/instances/decisions', '/instances/suites', '/agenda']);
    await visit(s, '/instances');
    const committee = await firstHref(page, /^\/instances\/\d+$/);
    assert.ok(committee, 'une instance de la démonstration');
    await fits(s, [committee]);
    const meetings = (await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).filter((h) =>
      /^\/seances\/\d+$/.test(h),
    );
    // The last link is the oldest meeting held: invitations, attendance, minutes.
    const held = meetings.at(-1);
    assert.ok(held, 'une séance tenue');
    await fits(s, [held, `${held}/emargement`, `${held}/compte-rendu`]);
  } finally {
    await s.close();
  }
});
