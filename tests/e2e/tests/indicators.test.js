// Les indicateurs du programme : la co-pilote d'Angers les ouvre depuis son
// menu (graphiques en SVG et tableaux de données, effectifs de personnes
// masqués sous 5), passe à l'année précédente ; la coordination y arrive
// depuis son accueil ; l'équipe nationale lit le réseau et chaque Cité. axe
// sur chaque page, puis à 390 px sans défilement sur le côté ; les données
// ouvertes, sans connexion : la page qui les décrit et le fichier JSON. Le
// bilan annuel : la coordination le rédige et le télécharge, la co-pilote le lit.

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

const YEAR = new Date().getFullYear();

/** The figures of a table row, by its header. */
async function rowCells(page, caption, label) {
  const table = page.locator('table', { has: page.locator('caption', { hasText: caption }) });
  return table.getByRole('row', { name: new RegExp(`^${label}`) }).getByRole('cell').allInnerTexts();
}

test('la co-pilote, la coordination et l\'équipe nationale lisent les indicateurs du programme', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('pilote@demo.maillage.fr');
    await s.navigateBy(() => page.getByRole('navigation').getByRole('link', { name: 'Indicateurs', exact: true }).first().click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: `Indicateurs ${YEAR}` }).waitFor();
    for (const section of ['Recenser et fédérer', 'Aller vers et raccrocher', 'Innover', 'La cohorte', 'Les financements']) {
      await page.getByRole('heading', { level: 2, name: section }).waitFor();
    }
    // One chart per section, then the year's barriers and situations.
    assert.equal(await page.locator('figure svg[role="img"]').count(), 7);
    await page.getByRole('heading', { level: 3, name: `Freins ${YEAR} par catégorie` }).waitFor();
    await page.getByRole('heading', { level: 3, name: `Situations des personnes sorties en ${YEAR}` }).waitFor();
    // Angers follows ninety persons: shown; a small count never is.
    const followed = await rowCells(page, 'la cohorte', 'Personnes suivies');
    assert.equal(followed.length, 4, 'trois années et la médiane');
    for (const cell of followed) assert.doesNotMatch(cell, /^[1-4]$/);
    await checkA11y(page, { label: 'les indicateurs de la Cité (co-pilote)' });
    await s.navigateBy(() => page.getByRole('link', { name: String(YEAR - 1) }).click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: `Indicateurs ${YEAR - 1}` }).waitFor();
    await checkA11y(page, { label: "les indicateurs de l'année précédente" });
    s.assertNoProblems();

    await s.signOut();
    await s.signIn('coordination@demo.maillage.fr');
    await s.navigateBy(() => page.getByRole('link', { name: 'Tous les indicateurs du programme, sur trois ans' }).click(), { status: 200 });
    await page.getByRole('columnheader', { name: `Médiane des Cités en ${YEAR}` }).first().waitFor();
    await page.getByRole('table', { name: `Sorties ${YEAR} par frein repéré` }).waitFor();
    await checkA11y(page, { label: 'les indicateurs de la Cité (coordination)' });
    // One quarter's cohort: the other axes and the median give way.
    const select = page.getByRole('combobox', { name: /^Quartier/ });
    const quarter = await select.locator('option').nth(1).innerText();
    await select.selectOption({ label: quarter });
    await s.navigateBy(() => page.getByRole('button', { name: 'Afficher' }).click(), { status: 200 });
    await page.getByText(`quartier ${quarter}`).first().waitFor();
    await page.getByRole('heading', { level: 2, name: 'La cohorte' }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Recenser et fédérer' }).count(), 0);
    assert.equal(await page.getByRole('columnheader', { name: /Médiane des Cités/ }).count(), 0);
    await checkA11y(page, { label: "les indicateurs d'un quartier" });

    await s.signOut();
    await s.signIn('national@demo.maillage.fr');
    await s.navigateBy(() => page.getByRole('navigation').getByRole('link', { name: 'Indicateurs', exact: true }).first().click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: `Indicateurs du réseau ${YEAR}` }).waitFor();
    await page.getByRole('heading', { level: 2, name: `Par Cité en ${YEAR}` }).waitFor();
    const byCite = page.locator('table', { has: page.locator('caption', { hasText: 'par Cité' }) });
    assert.ok((await byCite.getByRole('row').count()) >= 6, 'une ligne par Cité');
    await checkA11y(page, { label: 'les indicateurs du réseau' });

    await page.setViewportSize({ width: 390, height: 844 });
    await visit(s, '/indicateurs');
    await assertNoSideScroll(page);
    await s.screenshot('indicateurs-390px', { fullPage: false });
    s.assertNoProblems();

    // Open data: the page that documents the files, without sign-in.
    await page.setViewportSize({ width: 1280, height: 900 });
    await s.signOut();
    await s.navigateBy(() => page.getByRole('link', { name: 'Données ouvertes' }).click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: "Données ouvertes des Cités de l'emploi" }).waitFor();
    await page.getByRole('link', { name: `indicateurs ${YEAR} (CSV)` }).waitFor();
    await checkA11y(page, { label: 'les données ouvertes, sans connexion' });
    const json = await page.request.get(`/donnees-ouvertes/indicateurs.json?annee=${YEAR}`);
    assert.equal(json.status(), 200);
    const document = await json.json();
    assert.equal(document.annee, YEAR);
    for (const line of document.lignes) {
      if (line.unite === 'personnes' && line.valeur !== null) assert.ok(line.valeur === 0 || line.valeur >= 5, JSON.stringify(line));
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await visit(s, '/donnees-ouvertes');
    await assertNoSideScroll(page);
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});

test('la coordination rédige le bilan annuel et le télécharge ; la co-pilote le lit', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('coordination@demo.maillage.fr');
    await visit(s, '/indicateurs');
    await s.navigateBy(() => page.getByRole('link', { name: `Le bilan annuel ${YEAR} : commentaires et document DOCX` }).click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: `Bilan annuel ${YEAR}` }).waitFor();
    await page.getByRole('heading', { level: 2, name: "L'année en bref" }).waitFor();
    await checkA11y(page, { label: 'le bilan annuel (coordination)' });
    await page.getByLabel('Contexte et territoire').fill('Quatre quartiers prioritaires, une équipe renouvelée.');
    await page.getByLabel('Perspectives').fill('Un café emploi par trimestre.');
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer le bilan' }).click(), { status: 200 });
    await page.getByText('Le bilan annuel est enregistré').waitFor();
    assert.equal(await page.getByLabel('Perspectives').inputValue(), 'Un café emploi par trimestre.');
    await checkA11y(page, { label: 'le bilan annuel enregistré' });
    const file = await page.request.get(`/bilan.docx?annee=${YEAR}`);
    assert.equal(file.status(), 200);
    assert.match(file.headers()['content-disposition'], /bilan-annuel-\d{4}-[a-z0-9-]+\.docx/);
    await page.setViewportSize({ width: 390, height: 844 });
    await visit(s, '/bilan');
    await assertNoSideScroll(page);
    s.assertNoProblems();

    await page.setViewportSize({ width: 1280, height: 900 });
    await s.signOut();
    await s.signIn('pilote@demo.maillage.fr');
    await visit(s, '/bilan');
    await page.getByText('Un café emploi par trimestre.').waitFor();
    assert.equal(await page.locator('textarea').count(), 0, 'la co-pilote lit le bilan sans le modifier');
    await checkA11y(page, { label: 'le bilan annuel (co-pilote)' });
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});
