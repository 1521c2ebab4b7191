// Conventions du Mans : la coordination établit la convention d'une
// candidature retenue, la télécharge et enregistre un versement ; un porteur
// télécharge le modèle de son bilan financier, le remplit (ici par le test)
// et le dépose : Maillage le relit et montre le budget face aux dépenses.
// axe sur chaque page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { checkA11y, newSession, setUp, tinyPdf, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const CALL = /Appel à projets 2023 de la Cité de l'emploi du Mans Métropole/;

test("la coordination établit la convention d'une candidature retenue et enregistre un versement", async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('coordination.lemans@demo.maillage.fr');
    await visit(s, '/appels-a-projets');
    await s.navigateBy(() => page.getByRole('link', { name: CALL }).first().click(), { status: 200 });
    await s.navigateBy(() => page.getByRole('link', { name: 'Parcours emploi des femmes des Sablons' }).click(), { status: 200 });
    await s.navigateBy(() => page.getByRole('link', { name: 'Établir la convention' }).click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: 'Établir la convention' }).waitFor();
    await checkA11y(page, { label: "formulaire d'une convention" });

    // A wrong sum is refused in French, nothing drawn.
    const [first] = await page.locator('input[name="amount"]').all();
    const proposed = await first.inputValue();
    await first.fill('1');
    s.expectError(422, /\/candidatures\/\d+\/convention$/, 'POST');
    await s.navigateBy(() => page.getByRole('button', { name: 'Établir la convention' }).click());
    await page.getByText(/le montant accordé/).first().waitFor();
    await checkA11y(page, { label: "convention refusée : la somme des années" });

    await first.fill(proposed);
    await s.navigateBy(() => page.getByRole('button', { name: 'Établir la convention' }).click(), { status: 200 });
    assert.match(new URL(page.url()).pathname, /^\/conventions\/\d+$/);
    await page.getByText(/La convention est établie/).waitFor();
    await page.getByRole('heading', { level: 1, name: /^Convention CONV-/ }).waitFor();
    await checkA11y(page, { label: 'une convention, son échéancier et ses bilans' });

    const docx = page.getByRole('link', { name: /Télécharger la convention/ });
    const [download] = await Promise.all([page.waitForEvent('download'), docx.click()]);
    assert.match(download.suggestedFilename(), /^CONV-\d{4}-\d{3}\.docx$/);

    // The signed copy comes back with the date of signature.
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    await page.locator('#signed_on').fill(today);
    await page.getByLabel(/^Exemplaire signé/).setInputFiles({ name: 'convention signée.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer la signature' }).click(), { status: 200 });
    await page.getByText(/signée le \d{2}\/\d{2}\/\d{4}/).first().waitFor();
    await page.getByRole('link', { name: /Convention signée/ }).waitFor();
    await checkA11y(page, { label: 'une convention signée et sa copie' });

    // The year's commitment: its advance is paid.
    await s.navigateBy(() => page.getByRole('link', { name: /^Versements \d{4}$/ }).first().click(), { status: 200 });
    await checkA11y(page, { label: "l'engagement d'une convention" });
    await page.getByLabel('Montant versé, en euros').fill('100');
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer le versement' }).click(), { status: 200 });
    await page.getByText('Le versement a été enregistré.').waitFor();
    assert.match(await page.locator('main').innerText(), /100,00\s€/);
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});

test('un porteur remplit le modèle de son bilan financier et le dépose', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('porteur.sablons@demo.maillage.fr');
    await page.getByRole('heading', { name: /Bilans des conventions à rendre/ }).waitFor();
    await s.navigateBy(() => page.getByRole('link', { name: /^Bilan financier 2024/ }).first().click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: /^Bilan financier 2024/ }).waitFor();
    await checkA11y(page, { label: 'un bilan financier à déposer' });

    const template = page.getByRole('link', { name: /Télécharger le modèle du bilan financier/ });
    const [download] = await Promise.all([page.waitForEvent('download'), template.click()]);
    assert.match(download.suggestedFilename(), /bilan-financier-2024\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.getWorksheet('Bilan financier');
    // Each line's actual spending goes in column C, under the titles' row.
    let lines = 0;
    for (let row = 9; sheet.getCell(`A${row}`).value && sheet.getCell(`A${row}`).value !== 'Total'; row += 1) {
      sheet.getCell(`C${row}`).value = 1000 + row;
      lines += 1;
    }
    assert.ok(lines > 0, 'le modèle a ses lignes de budget');
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.getByLabel(/Bilan financier rempli/).setInputFiles({
      name: 'bilan-financier.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: filled,
    });
    await s.navigateBy(() => page.getByRole('button', { name: 'Déposer le bilan financier' }).click(), { status: 200 });
    await page.getByText('Le bilan est transmis à la coordination.').waitFor();
    const table = page.getByRole('table', { name: 'Budget prévu et dépenses réelles par poste' });
    assert.match(await table.innerText(), /1\s010,00\s€/);
    await checkA11y(page, { label: 'un bilan financier reçu : budget et dépenses' });
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});
