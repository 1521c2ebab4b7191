//! The conformance suite: the behaviour every backend must show, run by each
//! backend crate's tests through [`conformance_tests!`](crate::conformance_tests).

mod access_log;
mod account_requests;
mod actions;
mod agenda;
mod agreements;
mod api_tokens;
mod bilan;
mod calls;
mod case_file;
mod case_reviews;
mod catalogue_removal;
mod cite_barriers;
mod clock;
mod codes;
mod cohort_counts;
mod documents;
mod fiches;
mod fixture;
mod follow_up;
mod foundation;
mod funding;
mod governance;
mod governance_porteur;
mod governance_records;
mod indicators;
mod labelling;
mod mail;
mod meeting_records;
mod network;
mod notifications;
mod payments;
mod places;
mod reference_version;
mod results;
mod reviews;
mod scale;
mod services;
mod sign_in_flows;

pub use access_log::*;
pub use account_requests::*;
pub use actions::*;
pub use agenda::*;
pub use agreements::*;
pub use api_tokens::*;
pub use bilan::*;
pub use calls::*;
pub use case_file::*;
pub use case_reviews::*;
pub use catalogue_removal::*;
pub use cite_barriers::*;
pub use clock::*;
pub use codes::*;
pub use cohort_counts::*;
pub use documents::*;
pub use fiches::*;
pub use fixture::*;
pub use follow_up::*;
pub use foundation::*;
pub use funding::*;
pub use governance::*;
pub use governance_porteur::*;
pub use governance_records::*;
pub use indicators::*;
pub use labelling::*;
pub use mail::*;
pub use meeting_records::*;
pub use network::*;
pub use notifications::*;
pub use payments::*;
pub use places::*;
pub use reference_version::*;
pub use results::*;
pub use reviews::*;
pub use scale::*;
pub use services::*;
pub use sign_in_flows::*;

use crate::StoreError;

/// The database PostgreSQL test cases run against. Those cases are
/// `#[ignore]`d so that, without this variable, `cargo test` lists them as
/// ignored; one run anyway (`--include-ignored`) must fail, never pass empty.
#[track_caller]
pub fn postgres_test_url() -> String {
    // A `match`, not `unwrap_or_else`: the panic then names the test's line.
    match std::env::var("MAILLAGE_TEST_POSTGRES_URL") {
        Ok(url) => url,
        Err(_) => panic!(
            "MAILLAGE_TEST_POSTGRES_URL absent : ce cas PostgreSQL ne peut pas s'exécuter \
             (définir la variable, par exemple postgres://postgres@127.0.0.1:5432/maillage_test, \
             ou lancer les tests sans --include-ignored)"
        ),
    }
}

/// Today in Paris, as the forms' validation reads it.
pub fn today() -> chrono::NaiveDate {
    maillage_domain::time::paris_date(chrono::Utc::now())
}

pub(crate) fn is_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::NotFound))
}

/// Expands to one `#[tokio::test]` per conformance case; `$open` is an async
/// block giving a fresh, empty store (a `Box<dyn Store>` or any `Store`).
/// Attributes after it go on every case (PostgreSQL's `#[ignore = …]`).
#[macro_export]
macro_rules! conformance_tests {
    ($open:expr $(, #[$attr:meta])* $(,)?) => {
        $crate::conformance_tests!(@cases [$(#[$attr])*] $open;
            cites_are_isolated, national_sees_counts, partners_lifecycle,
            cites_are_labelled_with_their_coordinator_and_archived,
            accounts_and_sessions, sign_in_failures_are_counted, sessions_bring_memberships_and_reference_versions,
            actions_are_created_by_coordinators_of_their_cite, places_then_waiting_list_by_priority,
            seances_count_anonymous_attendees_and_link_visible_persons, concurrent_enrolments_never_exceed_capacity,
            concurrent_releases_and_enrolments_keep_places_consistent,
            crossed_releases_on_two_actions_both_complete,
            action_results_count_places_jobs_and_seances,
            indicators_are_declared_by_coordinators_and_recorded_by_the_carrier,
            programme_indicators_count_each_year_s_records,
            cohort_tables_count_the_year_s_persons_whole_or_by_quarter,
            reset_links_are_queued_with_their_message_and_work_once,
            the_outbox_is_claimed_under_a_lease_retried_and_settled,
            invitations_and_coordinators_links_go_with_their_account,
            sign_in_flows_are_taken_once_and_expire,
            notifications_follow_choices_and_are_told_once,
            api_tokens_live_until_revoked_or_expired,
            bilan_texts_are_kept_per_cite_and_year_and_written_by_their_owner,
            envelopes_commitments_and_carry_overs_add_up,
            commitments_racing_for_the_last_euros_never_both_pass,
            payments_are_scheduled_and_never_exceed_the_commitment,
            payments_racing_for_the_last_euros_never_overpay,
            a_payment_never_takes_its_instalment_past_its_amount,
            calls_follow_their_lifecycle_and_are_public_once_published,
            applications_are_submitted_before_the_deadline_by_their_porteur,
            agreements_commit_their_years_once_and_only_when_granted,
            only_an_accepted_application_gets_an_agreement,
            bilans_are_written_by_the_funded_porteur_and_awaited_until_then,
            reviews_are_independent_and_never_of_ones_own_partner,
            decisions_are_bounded_required_and_become_actions,
            documents_are_scoped_by_their_owner_and_keep_their_sha256,
            account_requests_are_decided_by_the_cite_s_coordinators,
            committees_and_meetings_belong_to_their_cite,
            meetings_invite_reply_attend_and_keep_minutes,
            committee_decisions_are_numbered_per_cite_kind_and_year,
            follow_up_items_are_closed_by_their_owner_or_the_coordinator,
            case_reviews_show_names_only_to_those_who_see_the_file,
            case_reviews_are_taken_off_before_the_meeting_only,
            a_porteur_reads_and_answers_only_its_partner_s_committees,
            agenda_items_are_ordered_and_written_by_the_coordinator,
            agenda_attachments_are_read_like_the_meeting,
            the_network_directory_lists_active_staff_of_active_cites,
            network_events_take_registrations_until_they_start,
            shared_resources_are_searched_downloaded_and_withdrawn_by_their_author,
            writes_are_dated_by_the_callers_clock_in_paris,
            cohorts_are_created_by_coordinators_under_unique_names,
            referrals_are_proposed_by_referents_and_decided_by_coordinators,
            case_files_are_seen_only_by_those_who_follow_them,
            barriers_are_lifted_by_the_steps_of_the_pathway,
            outcomes_are_recorded_after_entry_and_corrected_at_exit,
            notes_are_kept_within_their_organisation, search_and_todo,
            access_log_is_paged_scoped_and_audited,
            concurrent_reads_each_commit_their_audit_row,
            service_catalogue_round_trip_and_search, service_catalogue_rights_and_atomic_import,
            catalogue_entries_are_deleted_or_archived,
            cite_barrier_words_are_named_by_coordinators_and_count_persons_once,
            fiches_are_published_by_coordinators_without_personal_data, fiches_are_searched_and_reused_across_cites);
    };
    // One case at a time: the attributes repeat per case, which a single
    // `$(…)*` over the cases cannot express.
    (@cases $attrs:tt $open:expr; $case:ident $(, $rest:ident)*) => {
        $crate::conformance_tests!(@case $attrs $open; $case);
        $crate::conformance_tests!(@cases $attrs $open; $($rest),*);
    };
    (@cases $attrs:tt $open:expr;) => {};
    (@case [$($attr:tt)*] $open:expr; $case:ident) => {
        #[tokio::test]
        $($attr)*
        async fn $case() {
            $crate::conformance::$case(&$open.await).await;
        }
    };
}
