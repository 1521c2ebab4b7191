// Un appel à projets du Mans, de la publication à la décision : la
// coordination le rédige et le publie, tout le monde lit sa page publique ;
// un porteur candidate avec une pièce jointe et dépose ; un autre, en
// retard sur l'appel suivant, est refusé ; deux instructeurs notent sans
// voir l'autre avant d'avoir rendu ; la co-pilote décide. axe sur chaque page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, isoDate, newSession, setUp, tinyPdf, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const TITLE = 'Appel à projets « Mobilité des jeunes des Sablons »';
const PROJECT = 'Permis solidaire des Sablons';

/** Follows a step's link, then confirms it on its page. */
async function step(s, link, button, label) {
  const { page } = s;
  await s.navigateBy(() => page.getByRole('link', { name: link, exact: true }).click(), { status: 200 });
  await checkA11y(page, { label });
  await s.navigateBy(() => page.getByRole('button', { name: button }).click(), { status: 200 });
}

/** Scores each criterion and hands the evaluation in. */
async function review(s, scores, comment) {
  const { page } = s;
  const fields = page.locator('input[name="score"]');
  assert.equal(await fields.count(), scores.length);
  for (const [i, score] of scores.entries()) await fields.nth(i).fill(String(score));
  await page.locator('#comment').fill(comment);
  await s.navigateBy(() => page.getByRole('button', { name: "Rendre l'évaluation" }).click(), { status: 200 });
  await page.getByText(/Votre évaluation est rendue/).waitFor();
}

test("de la publication à la décision : candidature, retard refusé, deux instructeurs, décision de la co-pilote", async () => {
  const coord = await newSession(env.browser, env.server.baseURL);
  const visitor = await newSession(env.browser, env.server.baseURL);
  const porteur = await newSession(env.browser, env.server.baseURL);
  const late = await newSession(env.browser, env.server.baseURL);
  const pilote = await newSession(env.browser, env.server.baseURL);
  try {
    // The coordination writes the call, then publishes it.
    let page = coord.page;
    await coord.signIn('coordination.lemans@demo.maillage.fr');
    await visit(coord, '/appels-a-projets/nouveau');
    await checkA11y(page, { label: "formulaire d'un appel à projets" });
    await page.locator('#title').fill(TITLE);
    await page.locator('#text').fill(
      "La Cité finance des projets qui aident les jeunes des Sablons à se déplacer vers l'emploi.",
    );
    await page.locator('#yearly_amount').fill('30 000');
    await page.locator('#years').fill('1');
    await page.locator('#total_amount').fill('30 000');
    await page.locator('#opens_on').fill(isoDate(0));
    await page.locator('#deadline_date').fill(isoDate(30));
    await page.locator('#deadline_time').fill('12:00');
    await page.getByText('Aller vers et raccrocher', { exact: true }).click();
    await coord.navigateBy(() => page.getByRole('button', { name: 'Enregistrer le brouillon' }).click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const callPath = new URL(page.url()).pathname;
    const callId = callPath.match(/^\/appels-a-projets\/(\d+)$/)[1];
    await checkA11y(page, { label: "un appel à projets en brouillon" });
    await step(coord, 'Publier', "Publier l'appel à projets", "confirmer la publication");
    await page.getByRole('link', { name: 'Voir la page publique' }).waitFor();
    await checkA11y(page, { label: 'un appel à projets publié' });

    // Its public page, without signing in.
    await visit(visitor, `/appels/${callId}`);
    await visitor.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    assert.match(await visitor.page.locator('main').innerText(), /30\s000,00\s€/);
    await checkA11y(visitor.page, { label: "la page publique d'un appel à projets" });

    // A porteur applies with an attachment, then submits.
    page = porteur.page;
    await porteur.signIn('porteur.cidff@demo.maillage.fr');
    await visit(porteur, callPath);
    await porteur.navigateBy(() => page.getByRole('link', { name: 'Candidater' }).click(), { status: 200 });
    await checkA11y(page, { label: 'formulaire de candidature' });
    await page.locator('#project_title').fill(PROJECT);
    await page.locator('#summary').fill('Code et conduite pour vingt jeunes, avec une auto-école solidaire.');
    await page.locator('#target_public').fill('Jeunes de 18 à 25 ans des Sablons sans permis');
    await page.locator('#axis').selectOption({ label: 'Aller vers et raccrocher' });
    await page.locator('#expected_participants').fill('20');
    const year = new Date().getFullYear() + 1;
    await page.locator('#starts_on').fill(`${year}-01-01`);
    await page.locator('#ends_on').fill(`${year}-12-31`);
    await page.getByLabel('Dépense, ligne 1').fill('Heures de conduite');
    await page.getByLabel('Montant, ligne 1').fill('24 000');
    await page.getByLabel("Crédits Cité de l'emploi (ANCT), ligne 1").fill('18 000');
    await page.getByLabel('CAF, ligne 1').fill('6 000');
    await porteur.navigateBy(() => page.getByRole('button', { name: 'Enregistrer le brouillon' }).click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: PROJECT }).waitFor();
    const applicationPath = new URL(page.url()).pathname;
    assert.match(applicationPath, /^\/candidatures\/\d+$/);
    await checkA11y(page, { label: 'une candidature en brouillon' });

    await page.locator('input[name="fichier"]').setInputFiles({
      name: 'budget-previsionnel.pdf',
      mimeType: 'application/pdf',
      buffer: tinyPdf(),
    });
    await page.locator('#document-libelle').fill('Budget prévisionnel');
    await porteur.navigateBy(() => page.getByRole('button', { name: 'Ajouter le document' }).click(), { status: 200 });
    await page.getByRole('link', { name: /Budget prévisionnel/ }).waitFor();
    await checkA11y(page, { label: 'une candidature et sa pièce jointe' });
    await step(porteur, 'Déposer', 'Déposer la candidature', 'confirmer le dépôt');
    assert.equal(new URL(page.url()).pathname, applicationPath);
    assert.match(await page.locator('main').innerText(), /Déposée/);

    // Another porteur's draft on the next call: its deadline has passed.
    page = late.page;
    await late.signIn('porteur.tremplin@demo.maillage.fr');
    await visit(late, '/candidatures');
    await checkA11y(page, { label: "les candidatures d'un porteur" });
    const row = page.getByRole('row').filter({ hasText: 'Garde d\'enfants et horaires décalés' });
    await late.navigateBy(() => row.getByRole('link').first().click(), { status: 200 });
    await late.navigateBy(() => page.getByRole('link', { name: 'Déposer', exact: true }).click(), { status: 200 });
    // The confirmation says why, and offers no button to submit.
    await page.getByText(/est passée : la candidature ne peut plus être déposée/).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Déposer la candidature' }).count(), 0);
    assert.match(await page.locator('main').innerText(), /La date limite de dépôt \(\d{2}\/\d{2}\/\d{4} à 12:00\) est passée/);
    await checkA11y(page, { label: 'un dépôt en retard refusé' });

    // The coordination closes the call, writes the grid, names the reviewers.
    page = coord.page;
    await visit(coord, callPath);
    await step(coord, 'Clore les candidatures', 'Clore les candidatures', 'confirmer la clôture');
    await coord.navigateBy(() => page.getByRole('link', { name: "Grille d'évaluation" }).click(), { status: 200 });
    await coord.navigateBy(() => page.getByRole('link', { name: 'Modifier la grille' }).click(), { status: 200 });
    await checkA11y(page, { label: "formulaire de la grille d'évaluation" });
    for (const [i, [label, weight, max]] of [['Pertinence pour les QPV', '2', '5'], ['Faisabilité', '1', '5']].entries()) {
      await page.getByLabel(`Critère ${i + 1}`, { exact: true }).fill(label);
      await page.getByLabel(`Coefficient du critère ${i + 1}`).fill(weight);
      await page.getByLabel(`Note maximale du critère ${i + 1}`).fill(max);
    }
    await coord.navigateBy(() => page.getByRole('button', { name: 'Enregistrer la grille' }).click(), { status: 200 });
    await coord.navigateBy(() => page.getByRole('link', { name: 'Instructeurs' }).click(), { status: 200 });
    await checkA11y(page, { label: 'les instructeurs' });
    for (const name of ['Hélène Martin', 'Paul Girard']) {
      const member = page.getByLabel('Membre de la Cité');
      const option = await member.locator('option').filter({ hasText: name }).getAttribute('value');
      await member.selectOption(option);
      await coord.navigateBy(() => page.getByRole('button', { name: 'Désigner' }).click(), { status: 200 });
    }
    await visit(coord, callPath);
    await step(coord, "Ouvrir l'instruction", "Ouvrir l'instruction", "confirmer l'ouverture de l'instruction");

    // The coordinator scores first: nobody else's scores yet.
    await visit(coord, `${applicationPath}/evaluation`);
    await checkA11y(page, { label: "formulaire d'évaluation" });
    await review(coord, [4, 3], 'Projet utile, calendrier serré.');
    await page.getByText("Aucune autre évaluation rendue pour l'instant.").waitFor();

    // The co-pilot, in Le Mans, sees the coordinator's once hers is in.
    page = pilote.page;
    await pilote.signIn('pilote@demo.maillage.fr');
    const switcher = page.getByLabel("Cité de l'emploi", { exact: true });
    await switcher.selectOption(await switcher.locator('option').filter({ hasText: 'Mans' }).getAttribute('value'));
    await pilote.navigateBy(() => page.getByRole('button', { name: 'Changer de Cité' }).click());
    await visit(pilote, `${applicationPath}/evaluation`);
    assert.doesNotMatch(await page.locator('main').innerText(), /Projet utile, calendrier serré/);
    await review(pilote, [5, 4], 'Partenariat solide avec l\'auto-école.');
    await page.getByRole('cell', { name: 'Projet utile, calendrier serré.' }).waitFor();
    await checkA11y(page, { label: 'une évaluation rendue et celle des autres' });

    // The grid shows the averages; the co-pilot decides.
    await visit(pilote, `/appels-a-projets/${callId}/grille`);
    await checkA11y(page, { label: "la grille d'évaluation et ses moyennes" });
    await pilote.navigateBy(() => page.getByRole('link', { name: `Décider : ${PROJECT}` }).click(), { status: 200 });
    await checkA11y(page, { label: 'formulaire de décision' });
    await page.getByText('Retenue', { exact: true }).click();
    await page.locator('#amount').fill('15 000');
    await page.locator('#decided_on').fill(isoDate(0));
    await page.locator('#committee').fill('Comité de pilotage');
    await pilote.navigateBy(() => page.getByRole('button', { name: 'Enregistrer la décision' }).click(), { status: 200 });
    assert.match(await page.locator('main').innerText(), /Décision : Retenue/);
    assert.match(await page.locator('main').innerText(), /15\s000,00\s€/);
    await checkA11y(page, { label: 'une candidature retenue' });

    for (const s of [coord, visitor, porteur, late, pilote]) s.assertNoProblems();
  } finally {
    // Closed without their own checks: a failure above is the one to read.
    for (const s of [coord, visitor, porteur, late, pilote]) {
      s.problems.splice(0);
      s.expected.splice(0);
      await s.close();
    }
  }
});
