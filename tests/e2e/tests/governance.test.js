// Instances d'Angers : la coordination crée un COTECH toutes les six
// semaines, y nomme un membre, planifie ses séances, en ajoute une à la
// main, la télécharge pour son agenda et l'annule ; un référent les lit.
// axe sur chaque page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { checkA11y, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

/** A Paris date `days` from today, as a date field takes it. */
function isoDate(days) {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
}

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
