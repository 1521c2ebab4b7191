//! Governance set up as the coordinator's browser does it: a committee
//! without a fixed rhythm, accounts or partners named members from the
//! form's choices, a meeting added by hand; each step checked to redirect.

use axum::http::StatusCode;

use super::Client;

/// The member form's value of `kind` (`compte`, `partenaire`) for `name`
/// (`compte-12`).
fn member_option(page: &str, kind: &str, name: &str) -> String {
    let id: String = page
        .split(&format!("value=\"{kind}-"))
        .skip(1)
        .find(|option| option.contains(name))
        .map(|option| option.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_else(|| panic!("{name} n'est pas proposé comme membre"));
    format!("{kind}-{id}")
}

/// The value after each `marker` in `body` (`name="invitation" value="`).
pub fn values_after(body: &str, marker: &str) -> Vec<String> {
    body.split(marker)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

impl Client {
    /// A committee of `kind` without a fixed rhythm; its path.
    pub async fn create_committee(&mut self, kind: &str, name: &str, place: &str) -> String {
        let created = self
            .post(
                "/instances",
                &[
                    ("committee_kind", kind),
                    ("name", name),
                    ("place", place),
                    ("kind", "none"),
                    ("time", "14:00"),
                    ("duration_minutes", "120"),
                    ("anchor", ""),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        created.location().split('?').next().unwrap().to_owned()
    }

    /// Names each (account name, role) a member of `committee`.
    pub async fn add_account_members(&mut self, committee: &str, members: &[(&str, &str)]) {
        self.add_members(committee, "compte", members).await;
    }

    /// Names each (partner name, role) a member of `committee`.
    pub async fn add_partner_members(&mut self, committee: &str, members: &[(&str, &str)]) {
        self.add_members(committee, "partenaire", members).await;
    }

    async fn add_members(&mut self, committee: &str, kind: &str, members: &[(&str, &str)]) {
        let page = self.get(committee).await.body;
        for (name, role) in members {
            let member = member_option(&page, kind, name);
            let added = self
                .post(
                    &format!("{committee}/membres"),
                    &[("member", member.as_str()), ("role", role)],
                )
                .await;
            assert_eq!(added.status, StatusCode::SEE_OTHER, "{name}");
        }
    }

    /// Saves `body` as the next revision of `meeting`'s minutes.
    pub async fn write_minutes(&mut self, meeting: &str, body: &str) {
        let saved = self
            .post(&format!("{meeting}/compte-rendu"), &[("body", body)])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }

    /// Publishes `revision` of `meeting`'s minutes to its members.
    pub async fn publish_minutes(&mut self, meeting: &str, revision: &str) {
        let published = self
            .post(
                &format!("{meeting}/compte-rendu/publier"),
                &[("revision", revision)],
            )
            .await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );
    }

    /// A meeting of `committee` on `date` (`2027-02-03`) at `time` for
    /// `minutes`, at `place`; its path.
    pub async fn add_meeting(
        &mut self,
        committee: &str,
        date: &str,
        time: &str,
        minutes: &str,
        place: &str,
    ) -> String {
        let added = self
            .post(
                &format!("{committee}/seances"),
                &[
                    ("date", date),
                    ("time", time),
                    ("duration_minutes", minutes),
                    ("place", place),
                    ("video_url", ""),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        added.location().split('?').next().unwrap().to_owned()
    }
}
