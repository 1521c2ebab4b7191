// Le filtre « Afficher aussi les partenaires archivés » de /partenaires
// remplace le tableau par htmx, sans recharger la page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test('partenaires archivés : le tableau est remplacé sans rechargement', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  const table = page.locator('#partenaires');
  try {
    await s.signIn('coordination@demo.maillage.fr');

    // Archiver un partenaire de démonstration.
    await visit(s, '/partenaires');
    const activeCount = await table.locator('tbody tr').count();
    assert.ok(activeCount >= 2, 'des partenaires de démonstration');
    const link = table.locator('tbody tr').first().getByRole('link');
    const archivedName = (await link.innerText()).trim();
    await s.navigateBy(() => link.click());
    await s.navigateBy(() => page.getByRole('button', { name: 'Archiver' }).click());
    await page.getByText("Ce partenaire est archivé").waitFor();
    await checkA11y(page);
    s.assertNoProblems();

    // Sans le filtre, il n'est plus listé.
    await visit(s, '/partenaires');
    assert.equal(await table.locator('tbody tr').count(), activeCount - 1);
    assert.equal(await table.getByRole('link', { name: archivedName, exact: true }).count(), 0);
    const checkbox = page.getByLabel('Afficher aussi les partenaires archivés');
    assert.equal(await checkbox.isChecked(), false);

    // Une marque posée sur la page survit à l'échange : pas de rechargement.
    await page.evaluate(() => {
      window.__maillageSansRechargement = true;
    });
    // (framenavigated compterait aussi les pushState : on compte les chargements.)
    let loads = 0;
    const onLoad = () => {
      loads += 1;
    };
    page.on('domcontentloaded', onLoad);

    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/partenaires' && r.request().headers()['hx-request'] === 'true'),
      page.locator('label[for="archives"]').click(),
    ]);
    assert.equal(response.status(), 200);
    assert.equal(response.request().headers()['x-csrf-token']?.length > 0, true, 'jeton CSRF envoyé par maillage.js');
    const body = await response.text();
    assert.doesNotMatch(body, /<html|<header/i, 'la réponse htmx est un fragment, pas une page');
    assert.match(body, /id="partenaires"/);

    const archivedRow = table.locator('tbody tr').filter({ has: page.getByRole('link', { name: archivedName, exact: true }) });
    await archivedRow.waitFor();
    assert.match(await archivedRow.textContent(), /Archivé/);
    assert.equal(await table.locator('tbody tr').count(), activeCount);
    assert.equal(await page.evaluate(() => window.__maillageSansRechargement), true);
    // htmx ne fait qu'un pushState, qui n'est pas une navigation du document.
    assert.equal(new URL(page.url()).searchParams.get('archives'), '1');
    assert.equal(await page.getByLabel('Afficher aussi les partenaires archivés').isChecked(), true);
    assert.equal(await page.locator('#partenaires').count(), 1, 'un seul tableau après l\'échange');
    await checkA11y(page);
    s.assertNoProblems();

    // Décocher retire à nouveau l'archivé, toujours sans rechargement.
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/partenaires' && r.request().headers()['hx-request'] === 'true'),
      page.locator('label[for="archives"]').click(),
    ]);
    await archivedRow.waitFor({ state: 'detached' });
    assert.equal(await table.locator('tbody tr').count(), activeCount - 1);
    assert.equal(await page.evaluate(() => window.__maillageSansRechargement), true);
    assert.equal(loads, 0, 'aucun rechargement du document');
    page.off('domcontentloaded', onLoad);
    await checkA11y(page);

    // L'adresse poussée par htmx donne la même page en accès direct.
    await visit(s, '/partenaires?archives=1');
    assert.equal(await page.getByLabel('Afficher aussi les partenaires archivés').isChecked(), true);
    await table.getByRole('link', { name: archivedName, exact: true }).waitFor();
  } finally {
    await s.close();
  }
});
