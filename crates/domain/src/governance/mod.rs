//! Governance (*gouvernance*) of a Cité: its committees (*instances*: COPIL,
//! COTECH…), their rhythm (*rythme*) and meetings (*séances*) published as
//! an iCalendar feed, the decisions they record (*relevé de décisions*),
//! what is to follow (*suites à donner*), their agenda (*ordre du jour*)
//! and the pseudonyms under which a case review (*commission de suivi des
//! parcours*) speaks of persons.
//! Plain types and pure rules only: the store and the pages come elsewhere.

pub mod agenda;
pub mod case_reviews;
pub mod committees;
pub mod decisions;
pub mod follow_ups;
pub mod forms;
pub mod ics;
pub mod meetings;
pub mod pseudonyms;
pub mod rhythm;

pub use agenda::{AgendaItemDraft, AgendaItemInput, Direction};
pub use case_reviews::{reviews_persons, CaseDecision};
pub use committees::{Attendance, CommitteeKind, MemberRole, Reply};
pub use decisions::{DecisionNumber, DecisionSubject};
pub use follow_ups::FollowUpStatus;
pub use forms::{CommitteeDraft, CommitteeInput, MeetingDraft, MeetingInput};
pub use ics::{Calendar, Event};
pub use meetings::{attendance_open, attendance_sheet, minutes_text, replies_open};
pub use pseudonyms::pseudonym;
pub use rhythm::{Rhythm, RhythmError, RhythmForm, Schedule};
