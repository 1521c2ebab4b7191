// Documents : un porteur joint un PDF à sa candidature en brouillon et le
// télécharge ; la page publique de l'appel du Mans liste ses documents,
// téléchargeables sans connexion. axe sur chaque page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { checkA11y, newSession, setUp, tinyPdf, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test('un porteur joint un PDF à sa candidature en brouillon, puis le télécharge', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('porteur.sablons@demo.maillage.fr');
    await visit(s, '/candidatures');
    const draft = page.getByRole('link', { name: /Chantier d'insertion espaces verts/ });
    await s.navigateBy(() => draft.click(), { status: 200 });
    await page.getByRole('heading', { level: 2, name: 'Documents' }).waitFor();
    await checkA11y(page, { label: 'une candidature en brouillon et son formulaire de document' });

    const pdf = tinyPdf();
    await page.getByLabel(/Intitulé/).fill('Budget prévisionnel');
    await page.getByLabel(/^Fichier/).setInputFiles({ name: 'budget 2024.pdf', mimeType: 'application/pdf', buffer: pdf });
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter le document' }).click(), { status: 200 });
    assert.match(new URL(page.url()).search, /fait=document-ajoute/);
    await page.getByText('Le document a été ajouté.').waitFor();
    await checkA11y(page, { label: 'la candidature et son document' });

    const link = page.getByRole('link', { name: /Budget prévisionnel/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'budget 2024.pdf');
    const saved = await readFile(await download.path());
    assert.deepEqual(saved, pdf);
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});

test("la page publique de l'appel du Mans liste ses documents, sans connexion", async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await visit(s, '/appels');
    const call = page.getByRole('link', { name: /Appel à projets 2023 de la Cité de l'emploi du Mans Métropole/ });
    await s.navigateBy(() => call.click(), { status: 200 });
    const documents = page.locator('section', { has: page.getByRole('heading', { name: 'Documents' }) });
    const text = await documents.innerText();
    for (const label of ["Texte de l'appel à projets", 'Modèle de bilan qualitatif', 'Modèle de bilan financier']) {
      assert.match(text, new RegExp(label));
    }
    assert.equal(await page.locator('input[type="file"]').count(), 0, 'pas de formulaire sans connexion');
    await checkA11y(page, { label: "page publique d'un appel à projets et ses documents" });

    const href = await documents.getByRole('link', { name: /Modèle de bilan financier/ }).getAttribute('href');
    const response = await s.context.request.get(href);
    assert.equal(response.status(), 200);
    const headers = response.headers();
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(headers['content-disposition'], /^attachment; .*filename\*=UTF-8''modele-bilan-financier\.xlsx$/);
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});
