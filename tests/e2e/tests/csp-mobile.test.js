// Chaque rôle, sous la vraie CSP du site (pas de bypassCSP : une règle
// enfreinte est une erreur de console, donc un échec) et en largeur mobile
// (375 px : tableaux qui défilent, menu en fenêtre modale).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountPages, checkA11y, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const ROLES = [
  ['coordination@demo.maillage.fr', ['/', '/partenaires', '/partenaires/nouveau', '/comptes', '/comptes/nouveau', '/cite', '/cite/modifier', '/cite/freins', '/journal']],
  ['pilote@demo.maillage.fr', ['/', '/cite', '/cite/freins', '/partenaires']],
  ['referent@demo.maillage.fr', ['/', '/cite', '/partenaires']],
  ['porteur@demo.maillage.fr', ['/', '/cite', '/partenaires']],
  ['national@demo.maillage.fr', ['/', '/cites']],
];

for (const [email, paths] of ROLES) {
  test(`CSP réelle et mobile : ${email}`, async () => {
    const s = await newSession(env.browser, env.server.baseURL, { bypassCSP: false });
    const { page } = s;
    try {
      await page.setViewportSize({ width: 375, height: 812 });
      await s.signIn(email);
      for (const p of paths) await visit(s, p);
      if (email.startsWith('coordination')) await accountPages(s);

      // Les fiches des partenaires ou des Cités listées.
      const detail = email.startsWith('national') ? '/cites' : '/partenaires';
      await visit(s, detail);
      const first = page.locator('main table tbody tr a').first();
      await s.navigateBy(() => first.click());
      await checkA11y(page);
      s.assertNoProblems();

      // Le menu mobile s'ouvre (script du DSFR) et passe axe ouvert.
      await visit(s, '/');
      const menuButton = page.getByRole('button', { name: 'Menu' });
      await menuButton.click();
      const menu = page.locator('#modal-menu');
      await menu.getByRole('link', { name: 'Accueil' }).waitFor({ state: 'visible' });
      assert.equal(await menuButton.getAttribute('data-fr-opened'), 'true');
      if (email.startsWith('pilote')) {
        await menu.getByLabel("Cité de l'emploi", { exact: true }).waitFor({ state: 'visible' });
        await s.screenshot('menu-mobile-pilote', { fullPage: false });
      }
      await checkA11y(page);
      await menu.getByRole('button', { name: 'Fermer' }).click();
      await menu.getByRole('link', { name: 'Accueil' }).waitFor({ state: 'hidden' });
      s.assertNoProblems();
    } finally {
      await s.close();
    }
  });
}

test('CSP réelle et mobile : pages publiques', async () => {
  const s = await newSession(env.browser, env.server.baseURL, { bypassCSP: false });
  try {
    await s.page.setViewportSize({ width: 375, height: 812 });
    await visit(s, '/connexion');
    await visit(s, '/accessibilite');
  } finally {
    await s.close();
  }
});
