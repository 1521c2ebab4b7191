// La commission de suivi des parcours d'Angers (démonstration) : la
// coordination ouvre la prochaine séance, lit les noms des personnes
// inscrites et en inscrit une de plus ; le co-pilote de la Préfecture, invité,
// ne lit que les pseudonymes ; le dossier d'une personne inscrite mentionne la
// commission. axe sur chaque page.

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

test('la commission de suivi des parcours ne montre les noms qu’à ceux qui suivent les dossiers', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('coordination@demo.maillage.fr');
    await visit(s, '/instances');
    await s.navigateBy(() => page.getByRole('link', { name: 'Commission de suivi des parcours' }).first().click(), { status: 200 });
    const upcoming = page.locator('section[aria-labelledby="seances-titre"] ul a').first();
    await s.navigateBy(() => upcoming.click(), { status: 200 });
    const meeting = new URL(page.url()).pathname;
    const section = page.locator('#examens');
    await section.getByRole('heading', { name: 'Situations examinées' }).waitFor();
    assert.equal(await section.locator('a[href^="/personnes/"]').count(), 2);
    const select = page.locator('#examen-participant_id');
    await select.selectOption({ index: 1 });
    await s.navigateBy(() => page.getByRole('button', { name: 'Inscrire la situation' }).click(), { status: 200 });
    await page.getByText('La situation est inscrite à la séance sous son pseudonyme.').waitFor();
    assert.equal(await section.locator('a[href^="/personnes/"]').count(), 3);
    await checkA11y(page, { label: 'la commission vue par la coordination' });

    await s.navigateBy(() => section.locator('a[href^="/personnes/"]').first().click(), { status: 200 });
    await page.getByRole('heading', { name: 'Commissions de suivi des parcours' }).waitFor();
    await checkA11y(page, { label: 'le dossier et ses commissions' });
    s.assertNoProblems();

    await s.signOut();
    await s.signIn('pilote@demo.maillage.fr');
    await visit(s, meeting);
    await section.getByRole('heading', { name: 'Situations examinées' }).waitFor();
    assert.equal(await section.locator('a[href^="/personnes/"]').count(), 0);
    assert.equal(await section.getByText("vous n'en voyez que le pseudonyme").count(), 3);
    await checkA11y(page, { label: 'la commission vue par le co-pilote' });
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});
