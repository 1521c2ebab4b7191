// Le dossier partagé d'une personne, de bout en bout : le référent la propose
// à la cohorte 2026, la coordinatrice refuse d'abord une date d'entrée hors de
// la période puis l'accepte, la retrouve par la recherche (htmx), renseigne
// freins, parcours et situations ; le bilan à 6 mois apparaît puis disparaît
// de « À faire » ; le dossier dit qui l'a consulté et modifié. Chaque page
// visitée passe axe sans violation.
//
// Les dates supposent l'horloge réelle au 23/11/2026 ou après : le bilan à
// 6 mois (sortie le 01/05/2026) est alors en retard.

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

const PERSON = {
  firstName: 'Fatou',
  lastName: 'Diarra',
  name: 'Fatou Diarra',
  // Les listes et tableaux (recherche, « À faire », adressages) écrivent
  // « NOM Prénom » ; titres et phrases « Prénom Nom ».
  listName: 'DIARRA Fatou',
  birthDate: '1990-03-12',
  qpv: 'Belle-Beille (QN04901M)',
  franceTravailId: '1234567A',
  motive: 'Reprendre un emploi après un congé parental ; cherche une solution de garde.',
};

/**
 * Coche une case ou un bouton radio trouvé par son rôle et son nom, en
 * cliquant sur son étiquette (le DSFR la dessine par-dessus le champ).
 */
async function tick(page, control) {
  const id = await control.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  assert.equal(await control.isChecked(), true, `#${id} coché`);
}

/** Coche un bouton radio d'un groupe (fieldset) désigné par sa légende. */
async function choose(page, legend, option) {
  await tick(page, page.getByRole('group', { name: legend }).getByRole('radio', { name: option, exact: true }));
}

/** Soumet un formulaire du dossier et vérifie la confirmation affichée. */
async function submitOnFile(s, button, notice, fait) {
  const { page } = s;
  await s.navigateBy(() => button.click(), { status: 200 });
  const url = new URL(page.url());
  assert.match(url.pathname, /^\/personnes\/\d+$/);
  assert.equal(url.searchParams.get('fait'), fait);
  await page.getByRole('status').filter({ hasText: notice }).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'aucune erreur de saisie');
}

test('dossier partagé : proposition, entrée, freins, parcours, situations, bilans, consultations', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    // ------------------------------------------------ 1. Le référent propose.
    await s.goto('/connexion');
    await checkA11y(page);
    await s.signIn('referent@demo.maillage.fr');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.match(await page.locator('main').innerText(), /Bonjour Romain Lefèvre/);
    await checkA11y(page, { label: 'accueil du référent' });
    await visit(s, '/adressages/nouveau');
    await page.getByRole('heading', { level: 1, name: 'Proposer une personne à une cohorte' }).waitFor();

    await page.getByLabel('Cohorte', { exact: true }).selectOption({ label: 'Cohorte 2026' });
    await page.getByLabel(/^Motif de l'adressage/).fill(PERSON.motive);
    await page.getByLabel('Prénom', { exact: true }).fill(PERSON.firstName);
    await page.getByLabel('Nom', { exact: true }).fill(PERSON.lastName);
    await page.getByLabel(/^Date de naissance/).fill(PERSON.birthDate);
    await choose(page, 'Sexe', 'Femme');
    await page.getByLabel('Quartier prioritaire de résidence').selectOption({ label: PERSON.qpv });
    await choose(page, "Situation face à l'emploi", 'Chômeur de longue durée');
    await choose(page, /^Niveau de formation/, 'CITE 3 et 4 (CAP, BEP, baccalauréat)');
    await choose(page, 'Bénéficiaire du RSA', 'Non');
    await choose(page, 'Parent isolé', 'Oui');
    await choose(page, /^Reconnaissance de la qualité de travailleur handicapé/, 'Non');
    await page.getByLabel(/^Identifiant France Travail/).fill(PERSON.franceTravailId);
    await page.getByLabel(/^Date du consentement/).fill('2026-01-10');
    await choose(page, 'Forme du consentement', 'Par écrit (formulaire signé)');
    const cidff = page
      .getByRole('group', { name: 'Partenaires couverts par le consentement' })
      .getByRole('checkbox', { name: 'CIDFF de Maine-et-Loire' });
    await tick(page, cidff);
    await checkA11y(page, { label: 'formulaire de proposition rempli' });

    await s.navigateBy(() => page.getByRole('button', { name: 'Proposer la personne' }).click(), { status: 200 });
    let url = new URL(page.url());
    assert.equal(url.pathname, '/adressages');
    assert.equal(url.searchParams.get('fait'), 'adressage-propose');
    await page
      .getByRole('status')
      .filter({ hasText: "La personne a été proposée : la coordination de la Cité va étudier l'adressage." })
      .waitFor();
    const referentRow = page
      .locator('#adressages-caption')
      .locator('xpath=ancestor::table')
      .locator('tbody tr')
      .filter({ has: page.getByRole('link', { name: PERSON.listName, exact: true }) });
    assert.equal(await referentRow.count(), 1, 'la proposition est listée une fois');
    const proposed = await referentRow.innerText();
    assert.match(proposed, /Cohorte 2026/);
    assert.match(proposed, /Mission locale angevine/);
    assert.match(proposed, /en attente/i);
    assert.match(proposed, /Reprendre un emploi/);
    const fileHref = await referentRow.getByRole('link', { name: PERSON.listName, exact: true }).getAttribute('href');
    assert.match(fileHref, /^\/personnes\/\d+$/);
    await checkA11y(page);
    s.assertNoProblems();

    // Le dossier, avant l'entrée : pas encore de situation à enregistrer.
    await s.navigateBy(() => referentRow.getByRole('link', { name: PERSON.listName, exact: true }).click());
    assert.equal(new URL(page.url()).pathname, fileHref);
    await page.getByRole('heading', { level: 1, name: PERSON.name }).waitFor();
    assert.match(await page.locator('#sorties').innerText(), /une fois la personne entrée dans la cohorte/);
    await checkA11y(page, { label: 'dossier avant l\'entrée (référent)' });
    s.assertNoProblems();
    await s.signOut();
    assert.equal(new URL(page.url()).pathname, '/connexion');
    await checkA11y(page);

    // ------------------------------------ 2. La coordinatrice décide l'entrée.
    await s.signIn('coordination@demo.maillage.fr');
    assert.match(await page.locator('main').innerText(), /Bonjour Claire Moreau/);
    await checkA11y(page, { label: 'accueil de la coordinatrice' });
    await visit(s, '/adressages');
    const card = page.locator('.fr-card').filter({
      has: page.getByRole('heading', { level: 3, name: PERSON.name, exact: true }),
    });
    assert.equal(await card.count(), 1, 'une carte de décision pour la proposition');
    const cardId = await card.getAttribute('id');
    const referralId = cardId.replace('adressage-', '');
    assert.match(referralId, /^\d+$/);

    // Date d'entrée hors de la période de la cohorte → 422, message au champ.
    await card.getByLabel(/^Date d'entrée dans la cohorte/).fill('2025-06-01');
    s.expectError(422, `/adressages/${referralId}/accepter`, 'POST');
    await s.navigateBy(() => card.getByRole('button', { name: `Accepter ${PERSON.name}` }).click(), { status: 422 });
    await page.getByRole('alert').filter({ hasText: "La décision n'a pas été enregistrée" }).waitFor();
    const entryDate = page.locator(`#entry_date-${referralId}`);
    const entryError = page.locator(`#entry_date-${referralId}-error`);
    assert.equal(await entryError.getAttribute('class'), 'fr-error-text');
    const message = (await entryError.innerText()).trim();
    assert.ok(message.length > 0, 'un message sous le champ');
    assert.match(message, /entrée|période|cohorte/i, `message d'erreur inattendu : ${message}`);
    assert.doesNotMatch(message, /\b(invalid|must|error|window|intake)\b/i, `message pas en français : ${message}`);
    assert.equal(await entryDate.getAttribute('aria-describedby'), `entry_date-${referralId}-error`);
    assert.equal(
      await entryError.evaluate((el) => el.closest('.fr-input-group')?.querySelector('input')?.id),
      `entry_date-${referralId}`,
    );
    assert.equal(await entryDate.inputValue(), '2025-06-01', 'la saisie est conservée');
    await s.screenshot('adressage-erreur-date-entree');
    await checkA11y(page, { label: 'adressages, date d\'entrée refusée' });
    s.assertNoProblems();

    // Date dans la période → acceptée.
    await entryDate.fill('2026-01-15');
    await s.navigateBy(() => card.getByRole('button', { name: `Accepter ${PERSON.name}` }).click(), { status: 200 });
    url = new URL(page.url());
    assert.equal(url.pathname, '/adressages');
    assert.equal(url.searchParams.get('fait'), 'adressage-accepte');
    await page
      .getByRole('status')
      .filter({ hasText: "L'adressage a été accepté : la personne est entrée dans la cohorte." })
      .waitFor();
    assert.equal(await page.locator(`#adressage-${referralId}`).count(), 0, 'plus de décision à prendre');
    const acceptedRow = page
      .locator('#adressages-caption')
      .locator('xpath=ancestor::table')
      .locator('tbody tr')
      .filter({ has: page.locator(`a[href="${fileHref}"]`) });
    assert.match(await acceptedRow.innerText(), /Acceptée/i);
    await checkA11y(page);
    s.assertNoProblems();

    // La retrouver par la recherche : la liste se met à jour par htmx.
    await visit(s, '/personnes');
    const search = page.getByRole('searchbox', { name: /^Nom ou prénom/ });
    // Une marque posée sur la page survit à l'échange : pas de rechargement.
    await page.evaluate(() => {
      window.__maillageSansRechargement = true;
    });
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) =>
          new URL(r.url()).pathname === '/personnes' &&
          new URL(r.url()).searchParams.get('nom') === 'fatou diar' &&
          r.request().headers()['hx-request'] === 'true',
      ),
      search.pressSequentially('fatou diar'),
    ]);
    assert.equal(response.status(), 200);
    const results = page.locator('#resultats');
    const found = results.getByRole('link', { name: PERSON.listName, exact: true });
    await found.waitFor();
    assert.equal(await results.locator('tbody tr').count(), 1, 'une seule personne trouvée');
    assert.match(await results.innerText(), /\b1\s+personne\b/);
    assert.equal(await found.getAttribute('href'), fileHref);
    assert.match(await results.locator('tbody tr').innerText(), /Belle-Beille/);
    assert.equal(await page.locator('#resultats').count(), 1, 'un seul bloc de résultats après l\'échange');
    assert.equal(await page.evaluate(() => window.__maillageSansRechargement), true, 'la page n\'a pas été rechargée');
    assert.equal(new URL(page.url()).searchParams.get('nom'), 'fatou diar', 'l\'adresse suit la recherche');
    await checkA11y(page, { label: 'recherche « fatou diar »' });
    s.assertNoProblems();

    await s.navigateBy(() => found.click());
    assert.equal(new URL(page.url()).pathname, fileHref);
    await page.getByRole('heading', { level: 1, name: PERSON.name }).waitFor();
    const identity = await page.locator('#identite').innerText();
    assert.match(identity, /12\/03\/1990/);
    assert.match(identity, /Femme/);
    assert.match(identity, /1234567A/);
    const entry = await page.locator('#entree').innerText();
    assert.match(entry, /Belle-Beille/);
    assert.match(entry, /Chômeur de longue durée/);
    assert.match(await page.locator('#suivi').innerText(), /Cohorte 2026/);
    assert.match(await page.locator('#partage').innerText(), /CIDFF de Maine-et-Loire/);
    await checkA11y(page, { label: 'dossier après l\'entrée' });
    s.assertNoProblems();

    // ------------------------------------------------ 3. Le dossier se remplit.
    const barriers = page.locator('#freins');
    // Les freins à lever : la liste qui suit immédiatement leur titre.
    const openBarrier = (label) =>
      barriers
        .getByRole('heading', { level: 3, name: /^Freins à lever/ })
        .locator('xpath=following-sibling::*[1][self::ul]/li')
        .filter({ has: page.locator('strong', { hasText: label }) });

    // Frein « Garde d'enfants », un des quatre freins d'Angers (« freins de
    // la Cité ») : le mot de la Cité, sa thématique data·inclusion à côté.
    await page.locator('#frein-thematic').selectOption({ label: "Garde d'enfants" });
    await page.locator('#frein-identified_on').fill('2026-01-15');
    await page.getByLabel(/^Commentaire \(facultatif\)/).fill('Deux enfants de moins de 3 ans, sans solution de garde.');
    await submitOnFile(s, page.getByRole('button', { name: 'Ajouter le frein' }), 'Le frein a été ajouté.', 'frein-ajoute');
    await barriers.getByRole('heading', { level: 3, name: 'Freins à lever (1)' }).waitFor();
    const childcare = openBarrier("Garde d'enfants");
    assert.equal(await childcare.count(), 1);
    const childcareText = await childcare.innerText();
    assert.match(childcareText, /Garde d’enfants/);
    assert.match(childcareText, /Identifié le 15\/01\/2026/);
    assert.match(childcareText, /Deux enfants de moins de 3 ans/);
    await checkA11y(page, { label: 'dossier, frein ajouté' });
    s.assertNoProblems();

    // Frein « Préparer un permis », sous le frein « Mobilité » de la Cité.
    await page.locator('#frein-thematic').selectOption({ label: 'Préparer un permis' });
    await page.locator('#frein-identified_on').fill('2026-01-15');
    await submitOnFile(s, page.getByRole('button', { name: 'Ajouter le frein' }), 'Le frein a été ajouté.', 'frein-ajoute');
    await barriers.getByRole('heading', { level: 3, name: 'Freins à lever (2)' }).waitFor();
    assert.match(await openBarrier('Mobilité').innerText(), /Préparer un permis/);
    await checkA11y(page, { label: 'dossier, deux freins' });
    s.assertNoProblems();

    // Étape du catalogue de services : places en crèche, réalisée.
    await page.getByLabel('Service du catalogue de la Cité').selectOption({ label: 'Places en crèche AVIP (Crèche Arlequin (AVIP))' });
    await page.locator('#etape-started_on').fill('2026-01-20');
    await page.locator('#etape-ended_on').fill('2026-03-01');
    await page.getByLabel('Statut', { exact: true }).selectOption({ label: 'Réalisée' });
    await submitOnFile(
      s,
      page.getByRole('button', { name: "Ajouter l'étape" }),
      "L'étape a été ajoutée au parcours.",
      'etape-ajoutee',
    );
    const steps = page.locator('#parcours');
    const step = steps.locator('ol > li').filter({ has: page.getByRole('heading', { level: 3, name: 'Places en crèche AVIP' }) });
    assert.equal(await step.count(), 1);
    const stepText = await step.innerText();
    assert.match(stepText, /Réalisée/i);
    assert.match(stepText, /Commencée le 20\/01\/2026/);
    assert.match(stepText, /Terminée le 01\/03\/2026/);
    await checkA11y(page, { label: 'dossier, étape ajoutée' });
    s.assertNoProblems();

    // Lever le frein de garde grâce à cette étape.
    await childcare.getByLabel('Levé le').fill('2026-03-01');
    await childcare.getByLabel("Grâce à l'étape (facultatif)").selectOption({ label: 'Places en crèche AVIP' });
    await submitOnFile(s, childcare.getByRole('button', { name: 'Lever' }), 'Le frein a été levé.', 'frein-leve');
    await barriers.getByRole('heading', { level: 3, name: 'Freins à lever (1)' }).waitFor();
    await barriers.getByRole('heading', { level: 3, name: 'Freins levés (1)' }).waitFor();
    assert.equal(await openBarrier("Garde d'enfants").count(), 0, 'plus dans les freins à lever');
    assert.equal(await openBarrier('Mobilité').count(), 1);
    const lifted = await barriers
      .getByRole('heading', { level: 3, name: 'Freins levés (1)' })
      .locator('xpath=following-sibling::ul[1]')
      .innerText();
    assert.match(lifted, /Garde d’enfants/);
    assert.match(lifted, /levé le 01\/03\/2026/);
    assert.match(lifted, /grâce à l'étape « Places en crèche AVIP »/);
    await checkA11y(page, { label: 'dossier, frein levé' });
    s.assertNoProblems();

    // Situation à la sortie : CDD de 6 mois ou plus.
    const outcomesTable = page.locator('#sorties table');
    const outcomeRow = (checkpoint) =>
      outcomesTable.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: checkpoint, exact: true }) });
    await page.getByLabel('Échéance', { exact: true }).selectOption({ label: 'À la sortie' });
    await page.getByLabel('Situation', { exact: true }).selectOption({ label: 'CDD de 6 mois ou plus' });
    await page.locator('#situation-recorded_on').fill('2026-05-01');
    await submitOnFile(
      s,
      page.getByRole('button', { name: 'Enregistrer la situation' }),
      'La situation a été enregistrée.',
      'situation-enregistree',
    );
    const exitRow = await outcomeRow('À la sortie').innerText();
    assert.match(exitRow, /CDD de 6 mois ou plus/);
    assert.match(exitRow, /01\/05\/2026/);
    assert.match(await outcomeRow('À 6 mois').innerText(), /Non renseignée[\s\S]*01\/11\/2026/);
    assert.match(await outcomeRow('À 12 mois').innerText(), /Non renseignée[\s\S]*01\/05\/2027/);
    await checkA11y(page, { label: 'dossier, sortie enregistrée' });
    await s.screenshot('dossier-apres-sortie');
    s.assertNoProblems();

    // ------------------------------------------ 4. Le bilan à 6 mois à faire.
    const checkRow = () =>
      page
        .locator('main li')
        .filter({ has: page.locator(`a[href="${fileHref}"]`) })
        .filter({ hasText: 'bilan à 6 mois' });
    await visit(s, '/a-faire?genre=bilan');
    await page.getByRole('heading', { level: 2, name: /^Bilans à faire \(\d+\)$/ }).waitFor();
    assert.equal(await checkRow().count(), 1, 'son bilan à 6 mois est listé');
    const due = await checkRow().innerText();
    assert.equal((await checkRow().getByRole('link').innerText()).trim(), PERSON.listName);
    assert.match(due, /bilan à 6 mois/);
    assert.match(due, /01\/05\/2026/);
    assert.match(due, /01\/11\/2026/);
    assert.match(due, /En retard/i);
    await s.screenshot('a-faire-bilan-en-retard');

    await s.navigateBy(() => checkRow().getByRole('link').click());
    assert.equal(new URL(page.url()).pathname, fileHref);
    await checkA11y(page, { label: 'dossier ouvert depuis « À faire »' });
    await page.getByLabel('Échéance', { exact: true }).selectOption({ label: 'À 6 mois' });
    await page.getByLabel('Situation', { exact: true }).selectOption({ label: 'CDI' });
    await page.locator('#situation-recorded_on').fill('2026-11-02');
    await submitOnFile(
      s,
      page.getByRole('button', { name: 'Enregistrer la situation' }),
      'La situation a été enregistrée.',
      'situation-enregistree',
    );
    const m6Row = await outcomeRow('À 6 mois').innerText();
    assert.match(m6Row, /CDI/);
    assert.match(m6Row, /02\/11\/2026/);
    assert.match(await outcomeRow('À la sortie').innerText(), /CDD de 6 mois ou plus/);
    await checkA11y(page, { label: 'dossier, bilan à 6 mois enregistré' });
    s.assertNoProblems();

    await visit(s, '/a-faire');
    assert.equal(await checkRow().count(), 0, 'son bilan à 6 mois n\'est plus à faire');
    await s.screenshot('a-faire');

    // ------------------------------------ 5. Qui a consulté et modifié le dossier.
    // The file shows the latest 20 lines; the whole log is one link away.
    // The journey wrote 18 by now: three more readings pass the 20.
    for (let i = 0; i < 3; i += 1) await s.goto(fileHref);
    await visit(s, fileHref);
    await s.screenshot('dossier');
    const accessRows = () =>
      page
        .locator('#consultations-caption')
        .locator('xpath=ancestor::table')
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
    assert.equal((await accessRows()).length, 20, 'le dossier montre les 20 dernières lignes');
    await s.navigateBy(() => page.getByRole('link', { name: 'Tout le journal des consultations' }).click(), {
      status: 200,
    });
    assert.match(await page.locator('h1').innerText(), /qui a consulté ce dossier/);
    await checkA11y(page, { label: 'journal des consultations' });
    s.assertNoProblems();
    const rows = await accessRows();
    const did = (who, action) => rows.some(([, w, , a]) => w === who && a === action);
    for (const [who, action] of [
      ['Romain Lefèvre', 'Proposition à une cohorte'],
      ['Romain Lefèvre', 'Consultation du dossier'],
      ['Claire Moreau', 'Entrée dans la cohorte'],
      ['Claire Moreau', 'Consultation du dossier'],
      ['Claire Moreau', "Ajout d'un frein"],
      ['Claire Moreau', "Ajout d'une étape du parcours"],
      ['Claire Moreau', "Levée d'un frein"],
      ['Claire Moreau', "Enregistrement d'une situation"],
    ]) {
      assert.ok(did(who, action), `« ${action} » par ${who} dans le journal du dossier :\n${JSON.stringify(rows, null, 1)}`);
    }
    assert.equal(rows.filter(([, w, , a]) => w === 'Claire Moreau' && a === "Ajout d'un frein").length, 2);
    assert.equal(rows.filter(([, w, , a]) => w === 'Claire Moreau' && a === "Enregistrement d'une situation").length, 2);
    for (const [, who, organisation] of rows.filter(([, w]) => w === 'Romain Lefèvre')) {
      assert.equal(organisation, 'Mission locale angevine', `organisation de ${who}`);
    }
    for (const [at, , , action] of rows) {
      assert.match(at, /^\d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}$/, `date en français : ${at}`);
      assert.notEqual(action, 'Autre action');
      assert.doesNotMatch(action, /[._]/, `action non traduite : ${action}`);
    }
    await s.screenshot('journal-des-consultations');
  } finally {
    await s.close();
  }
});
