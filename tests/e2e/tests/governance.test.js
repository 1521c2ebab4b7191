// Instances d'Angers : la coordination crée un COTECH toutes les six
// semaines, y nomme un membre, planifie ses séances, en ajoute une à la
// main, la télécharge pour son agenda et l'annule ; un référent les lit.
// Puis la vie d'une séance : convocation, réponse d'un membre, émargement
// refusé avant le jour, ordre du jour et sa pièce jointe, compte rendu
// publié, décision numérotée, suite à donner close depuis « À faire »,
// adresse d'abonnement d'agenda.
// axe sur chaque page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { checkA11y, isoDate, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test('la coordination crée une instance, planifie et annule une séance ; un référent la lit', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('coordination@demo.maillage.fr');
    await visit(s, '/cite');
    await s.navigateBy(() => page.getByRole('link', { name: 'Instances et séances de la Cité' }).click(), { status: 200 });
    await checkA11y(page, { label: 'les instances de la Cité' });
    await s.navigateBy(() => page.getByRole('link', { name: 'Nouvelle instance' }).click(), { status: 200 });
    await checkA11y(page, { label: "formulaire d'une instance" });

    await page.locator('#committee_kind').selectOption('cotech');
    await page.locator('#name').fill('COTECH des co-pilotes');
    await page.locator('#place').fill('Aldev, salle du conseil');
    await page.locator('#kind').selectOption('every_weeks');
    await page.locator('#interval').fill('6');
    await page.locator('#anchor').fill(isoDate(7));
    // The weekday is missing: refused in French, nothing created.
    s.expectError(422, '/instances', 'POST');
    await s.navigateBy(() => page.getByRole('button', { name: "Créer l'instance" }).click());
    await page.getByText('Choisissez un jour de la semaine.').first().waitFor();
    await checkA11y(page, { label: 'instance refusée' });
    const weekday = new Date(`${isoDate(7)}T12:00:00Z`).getUTCDay();
    await page.locator('#weekday').selectOption(['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][weekday === 0 || weekday === 6 ? 1 : weekday]);
    await s.navigateBy(() => page.getByRole('button', { name: "Créer l'instance" }).click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: 'COTECH des co-pilotes' }).waitFor();
    await page.getByText(/Toutes les 6 semaines/).first().waitFor();
    await checkA11y(page, { label: "une instance et ses séances" });

    const member = page.locator('#member');
    await member.selectOption(await member.locator('option').filter({ hasText: 'partenaire' }).first().getAttribute('value'));
    await page.locator('#role').selectOption('co_pilot');
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter le membre' }).click(), { status: 200 });
    await page.getByText("Le membre a été ajouté à l'instance.").waitFor();
    await s.navigateBy(() => page.getByRole('button', { name: /Planifier les séances/ }).click(), { status: 200 });
    assert.ok((await page.locator('main a[href^="/seances/"]').count()) >= 8, 'huit séances au moins sur douze mois');

    await page.locator('#date').fill(isoDate(20));
    await page.locator('#time').fill('09:30');
    await page.locator('#video_url').fill('https://visio.example/cotech');
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter la séance' }).click(), { status: 200 });
    assert.match(new URL(page.url()).pathname, /^\/seances\/\d+$/);
    await page.getByText(/à 9 h 30, jusqu'à 11 h 30/).waitFor();
    await checkA11y(page, { label: 'une séance' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Ajouter à mon agenda/ }).click(),
    ]);
    const ics = await readFile(await download.path(), 'utf8');
    assert.match(ics, /BEGIN:VEVENT/);
    assert.match(ics, /SEQUENCE:0/);

    await s.navigateBy(() => page.getByRole('link', { name: 'Annuler la séance' }).click(), { status: 200 });
    await checkA11y(page, { label: "confirmer l'annulation d'une séance" });
    await s.navigateBy(() => page.getByRole('button', { name: 'Annuler la séance' }).click(), { status: 200 });
    await page.getByText('Cette séance est annulée.').waitFor();
    s.assertNoProblems();

    // A référent of the Cité reads them, without the coordination's forms.
    await s.signOut();
    await s.signIn('referent@demo.maillage.fr');
    await visit(s, '/instances');
    await s.navigateBy(() => page.getByRole('link', { name: 'COTECH des co-pilotes', exact: true }).click(), { status: 200 });
    assert.equal(await page.getByRole('button', { name: 'Ajouter la séance' }).count(), 0);
    await checkA11y(page, { label: "une instance lue par un référent" });
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});

test("une séance : convocation, réponse d'un membre, émargement, compte rendu, décision, suite à donner, abonnement d'agenda", async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('coordination@demo.maillage.fr');
    await visit(s, '/instances/nouvelle');
    await page.locator('#committee_kind').selectOption('follow_up_committee');
    await page.locator('#name').fill('Comité de suivi des Hauts-de-Saint-Aubin');
    await page.locator('#place').fill('Mairie de quartier');
    await page.locator('#kind').selectOption('none');
    await s.navigateBy(() => page.getByRole('button', { name: "Créer l'instance" }).click(), { status: 200 });
    const member = page.locator('#member');
    await member.selectOption(await member.locator('option').filter({ hasText: 'Romain Lefèvre' }).first().getAttribute('value'));
    await page.locator('#role').selectOption('member');
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter le membre' }).click(), { status: 200 });
    await page.locator('#date').fill(isoDate(12));
    await page.locator('#time').fill('14:00');
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter la séance' }).click(), { status: 200 });
    const meeting = new URL(page.url()).pathname;
    await page.getByText('Les membres ne sont pas encore convoqués.').waitFor();
    await s.navigateBy(() => page.getByRole('button', { name: 'Convoquer les membres' }).click(), { status: 200 });
    await page.getByText('Les membres sont convoqués').waitFor();
    await page.getByRole('cell', { name: 'Pas de réponse' }).waitFor();
    await checkA11y(page, { label: 'une séance et ses convocations' });

    // The agenda: two items, the second moved up, a file joined to it.
    await page.locator('#point-title').fill('Point sur la cohorte');
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter le point' }).click(), { status: 200 });
    await page.getByText("Le point a été ajouté à l'ordre du jour.").waitFor();
    await page.locator('#point-title').fill('Café emploi de janvier');
    await page.locator('#point-description').fill('Présenté par la Mission locale.');
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter le point' }).click(), { status: 200 });
    await s.navigateBy(() => page.getByRole('button', { name: 'Monter le point Café emploi de janvier' }).click(), { status: 200 });
    assert.deepEqual(
      await page.locator('#ordre-du-jour ol > li > strong').allTextContents(),
      ['Café emploi de janvier', 'Point sur la cohorte'],
    );
    await checkA11y(page, { label: 'une séance et son ordre du jour' });
    await s.navigateBy(() => page.getByRole('link', { name: /Modifier, joindre un document : Café emploi de janvier/ }).click(), { status: 200 });
    await checkA11y(page, { label: "un point de l'ordre du jour" });
    await page.locator('#document-fichier').setInputFiles({
      name: 'programme.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(`%PDF-1.4\n%${'x'.repeat(2048)}`),
    });
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter le document' }).click(), { status: 200 });
    await page.getByText('programme.pdf', { exact: false }).first().waitFor();
    await visit(s, meeting);
    await page.locator('#ordre-du-jour a[href^="/documents/"]').first().waitFor();

    // The minutes can be prepared before the meeting, then published.
    await s.navigateBy(() => page.getByRole('link', { name: 'Rédiger ou réviser le compte rendu' }).click(), { status: 200 });
    await checkA11y(page, { label: 'le compte rendu à rédiger' });
    await page.locator('#compte-rendu-body').fill('Ordre du jour\n1. Point sur la cohorte\n2. Café emploi de janvier');
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer une nouvelle révision' }).click(), { status: 200 });
    await page.getByText('Révision 1', { exact: false }).first().waitFor();
    await s.navigateBy(() => page.getByRole('button', { name: 'Publier la révision 1 aux membres' }).click(), { status: 200 });
    await page.getByText('Le compte rendu est publié').waitFor();

    // A decision, numbered, and a follow-up item for the member.
    await page.locator('#decision-text').fill('Le comité valide le café emploi de janvier.');
    await s.navigateBy(() => page.getByRole('button', { name: 'Inscrire la décision' }).click(), { status: 200 });
    await page.getByText(/\d{4}-CS-01/).first().waitFor();
    await page.locator('#suite-title').fill('Inviter les employeurs du quartier');
    await page.locator('#suite-due-on').fill(isoDate(20));
    const owner = page.locator('#suite-owner');
    await owner.selectOption(await owner.locator('option').filter({ hasText: 'Romain Lefèvre' }).first().getAttribute('value'));
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter la suite à donner' }).click(), { status: 200 });
    await page.getByText('Inviter les employeurs du quartier', { exact: false }).first().waitFor();
    await checkA11y(page, { label: 'une séance, ses décisions et ses suites' });
    await visit(s, '/instances/decisions');
    await page.getByText('Le comité valide le café emploi de janvier.').waitFor();
    await checkA11y(page, { label: 'le relevé de décisions de la Cité' });
    await visit(s, '/instances/suites');
    await checkA11y(page, { label: 'les suites à donner de la Cité' });

    // Attendance waits for the meeting's day: refused in French.
    await visit(s, `${meeting}/emargement`);
    await checkA11y(page, { label: "la feuille d'émargement" });
    s.expectError(422, `${meeting}/emargement`, 'POST');
    await s.navigateBy(() => page.getByRole('button', { name: "Enregistrer l'émargement" }).click());
    await page.getByText("L'émargement s'ouvre le jour de la séance.").first().waitFor();
    await checkA11y(page, { label: 'émargement refusé' });
    s.assertNoProblems();

    // The member answers, and reads the published minutes.
    await s.signOut();
    await s.signIn('referent@demo.maillage.fr');
    await visit(s, meeting);
    await page.getByText('Point sur la cohorte', { exact: false }).first().waitFor();
    await page.locator('#ordre-du-jour a[href^="/documents/"]').first().waitFor();
    await page.locator('label[for="reply-represented"]').click();
    s.expectError(422, `${meeting}/reponse`, 'POST');
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer ma réponse' }).click());
    await page.getByText('Indiquez le nom de la personne qui vous représente.').first().waitFor();
    await checkA11y(page, { label: 'réponse refusée' });
    await page.locator('#seance-representative').fill('Inès Haddad');
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer ma réponse' }).click(), { status: 200 });
    await page.getByRole('cell', { name: 'Représenté par Inès Haddad' }).waitFor();

    // The follow-up item waits in the member's « À faire », closed with a note.
    await visit(s, '/a-faire');
    await s.navigateBy(() => page.getByRole('link', { name: /Clore « Inviter les employeurs du quartier »/ }).click(), { status: 200 });
    await checkA11y(page, { label: "clore une suite à donner" });
    await page.locator('#status').selectOption('done');
    await page.locator('#note').fill('Courrier envoyé aux employeurs.');
    await s.navigateBy(() => page.getByRole('button', { name: 'Clore' }).click(), { status: 200 });

    await visit(s, '/agenda');
    await checkA11y(page, { label: "l'abonnement d'agenda" });
    await s.navigateBy(() => page.getByRole('button', { name: "Créer mon adresse d'abonnement" }).click(), { status: 200 });
    const address = await page.locator('#adresse-agenda').inputValue();
    assert.match(address, /\/calendrier\/[0-9a-f]{64}\/seances\.ics$/);
    await checkA11y(page, { label: "l'adresse d'abonnement affichée une fois" });
    const feed = await fetch(address);
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), /Comité de suivi des Hauts-de-Saint-Aubin/);
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});
