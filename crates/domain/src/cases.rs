//! Cases (诉求, 投诉, 问题清单): their states, the moves between them, and the
//! statutory clocks in working days.
//!
//! The state machine is data: [`allowed`] lists the actions possible in a
//! state and [`next`] the state an action leads to, so an illegal move can be
//! answered with the moves that are legal instead.

use time::Date;

use crate::calendar::WorkCalendar;

/// The three kinds of case sharing one model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// 诉求: raised by an enterprise or recorded by its liaison officer.
    Demand,
    /// 投诉: under the FIE complaint measures (MOFCOM Order 2020 No. 3).
    Complaint,
    /// 问题清单: raised from visits, monitoring or projects.
    Problem,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Demand => "demand",
            CaseKind::Complaint => "complaint",
            CaseKind::Problem => "problem",
        }
    }

    pub fn parse(s: &str) -> Option<CaseKind> {
        match s {
            "demand" => Some(CaseKind::Demand),
            "complaint" => Some(CaseKind::Complaint),
            "problem" => Some(CaseKind::Problem),
            _ => None,
        }
    }

    /// Prefix of case numbers: SQ (诉求), TS (投诉), WT (问题).
    pub fn number_prefix(self) -> &'static str {
        match self {
            CaseKind::Demand => "SQ",
            CaseKind::Complaint => "TS",
            CaseKind::Problem => "WT",
        }
    }
}

/// Where a demand or problem-list item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received, not yet dispatched to a department: no clock runs.
    Submitted,
    /// Dispatched: the clock runs; the department has not yet signed for it.
    Dispatched,
    /// The department returned it as wrongly assigned; the dispatcher rules.
    Returned,
    /// Signed for by the department.
    Acknowledged,
    /// A first reply has gone to the enterprise.
    Replied,
    /// Waiting for the enterprise: the clock stands still.
    Paused,
    /// The department reports it solved; the enterprise may confirm.
    Resolved,
    /// Confirmed (and rated) by the enterprise, or closed by the officer.
    Closed,
    /// Withdrawn by the enterprise.
    Withdrawn,
    /// Complaint: the one notice listing missing materials has gone out; the
    /// complainant's clock to supplement runs.
    AwaitingMaterials,
    /// Complaint: accepted; the handling clock runs.
    Accepted,
    /// Complaint: not accepted, on a stated ground.
    Refused,
    /// Complaint: handling ended on a termination ground.
    Terminated,
}

impl Status {
    pub const ALL: [Status; 13] = [
        Status::Submitted,
        Status::Dispatched,
        Status::Returned,
        Status::Acknowledged,
        Status::Replied,
        Status::Paused,
        Status::Resolved,
        Status::Closed,
        Status::Withdrawn,
        Status::AwaitingMaterials,
        Status::Accepted,
        Status::Refused,
        Status::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Dispatched => "dispatched",
            Status::Returned => "returned",
            Status::Acknowledged => "acknowledged",
            Status::Replied => "replied",
            Status::Paused => "paused",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Withdrawn => "withdrawn",
            Status::AwaitingMaterials => "awaiting_materials",
            Status::Accepted => "accepted",
            Status::Refused => "refused",
            Status::Terminated => "terminated",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the case is still open (a parent cannot close while a child is).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Status::Closed | Status::Withdrawn | Status::Refused | Status::Terminated
        )
    }

    /// The statuses in which a case is no longer open, as SQL lists them.
    pub const FINISHED_SQL: &'static str = "('closed', 'withdrawn', 'refused', 'terminated')";
}

/// What someone does to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Dispatch,
    Acknowledge,
    /// Return as wrongly assigned (within 2 working days of dispatch, with a reason).
    Return,
    Reply,
    Pause,
    Resume,
    Extend,
    Resolve,
    /// The enterprise confirms the result and rates it.
    Confirm,
    /// The officer closes a resolved case the enterprise has not confirmed.
    Close,
    /// Hand the case to the parent division; it keeps its number and history.
    Escalate,
    Withdraw,
    /// Reopen within 30 days of closing; the case keeps its number.
    Reopen,
    /// A leader's supervision notice (督办): recorded, the state does not change.
    Supervise,
    /// Complaint: the one written notice listing everything missing.
    RequestMaterials,
    /// Complaint: the complainant's materials are complete (supplied or recorded).
    Supplement,
    /// Complaint: accept for handling.
    Accept,
    /// Complaint: refuse to accept, on a stated ground.
    Refuse,
    /// Complaint: end handling on a termination ground.
    Terminate,
}

impl Action {
    pub const ALL: [Action; 19] = [
        Action::Dispatch,
        Action::Acknowledge,
        Action::Return,
        Action::Reply,
        Action::Pause,
        Action::Resume,
        Action::Extend,
        Action::Resolve,
        Action::Confirm,
        Action::Close,
        Action::Escalate,
        Action::Withdraw,
        Action::Reopen,
        Action::Supervise,
        Action::RequestMaterials,
        Action::Supplement,
        Action::Accept,
        Action::Refuse,
        Action::Terminate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Dispatch => "dispatch",
            Action::Acknowledge => "acknowledge",
            Action::Return => "return",
            Action::Reply => "reply",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::Extend => "extend",
            Action::Resolve => "resolve",
            Action::Confirm => "confirm",
            Action::Close => "close",
            Action::Escalate => "escalate",
            Action::Withdraw => "withdraw",
            Action::Reopen => "reopen",
            Action::Supervise => "supervise",
            Action::RequestMaterials => "request_materials",
            Action::Supplement => "supplement",
            Action::Accept => "accept",
            Action::Refuse => "refuse",
            Action::Terminate => "terminate",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Actions that must carry a written reason.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Action::Return
                | Action::Pause
                | Action::Extend
                | Action::Escalate
                | Action::Reopen
                | Action::Supervise
                | Action::Refuse
                | Action::Terminate
        )
    }
}

/// The state `action` leads to from `status` for a case of `kind`; `None`
/// when it is not allowed. `Resume` leads back to the state before the pause,
/// which the caller knows.
pub fn next(kind: CaseKind, status: Status, action: Action) -> Option<Status> {
    use Action as A;
    use Status as S;
    match (action, status) {
        (A::Withdraw, s) if s.is_open() => return Some(S::Withdrawn),
        (A::Supervise, s) if s.is_open() => return Some(s),
        (A::Confirm | A::Close, S::Resolved) => return Some(S::Closed),
        _ => {}
    }
    match kind {
        CaseKind::Complaint => match (status, action) {
            (S::Submitted, A::RequestMaterials) => Some(S::AwaitingMaterials),
            (S::AwaitingMaterials, A::Supplement) => Some(S::Submitted),
            (S::Submitted, A::Accept) => Some(S::Accepted),
            (S::Submitted | S::AwaitingMaterials, A::Refuse) => Some(S::Refused),
            (S::Accepted, A::Extend) => Some(S::Accepted),
            (S::Accepted, A::Resolve) => Some(S::Resolved),
            (S::AwaitingMaterials | S::Accepted, A::Terminate) => Some(S::Terminated),
            (S::Submitted | S::AwaitingMaterials | S::Accepted, A::Escalate) => Some(S::Submitted),
            (S::Closed, A::Reopen) => Some(S::Accepted),
            _ => None,
        },
        CaseKind::Demand | CaseKind::Problem => match (status, action) {
            (S::Submitted | S::Returned, A::Dispatch) => Some(S::Dispatched),
            (S::Dispatched, A::Acknowledge) => Some(S::Acknowledged),
            (S::Dispatched | S::Acknowledged, A::Return) => Some(S::Returned),
            (S::Dispatched | S::Acknowledged, A::Reply) => Some(S::Replied),
            (S::Acknowledged | S::Replied, A::Pause) => Some(S::Paused),
            (S::Dispatched | S::Acknowledged | S::Replied, A::Extend) => Some(status),
            (S::Acknowledged | S::Replied, A::Resolve) => Some(S::Resolved),
            (S::Submitted | S::Returned | S::Dispatched | S::Acknowledged | S::Replied | S::Paused, A::Escalate) => {
                Some(S::Submitted)
            }
            (S::Closed, A::Reopen) => Some(S::Dispatched),
            (S::Paused, A::Resume) => Some(S::Acknowledged),
            _ => None,
        },
    }
}

/// Every action allowed in `status` for a case of `kind`, in a stable order.
pub fn allowed(kind: CaseKind, status: Status) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| next(kind, status, *a).is_some())
        .collect()
}

/// Time limits in working days for one kind and category of case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimeLimits {
    /// Sign for the case after dispatch.
    pub acknowledge: u32,
    /// First reply to the enterprise.
    pub reply: u32,
    /// Solve.
    pub resolve: u32,
    /// The longest resolve limit an extension may reach.
    pub extended_max: u32,
    /// A wrongly assigned case may be returned within this many working days of dispatch.
    pub return_window: u32,
}

/// The deadlines a dispatch on `on` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub acknowledge: Date,
    pub reply: Date,
    pub resolve: Date,
    pub provisional: bool,
}

pub fn deadlines(cal: &WorkCalendar, on: Date, limits: &TimeLimits) -> Deadlines {
    let a = cal.add_working_days(on, limits.acknowledge);
    let r = cal.add_working_days(on, limits.reply);
    let s = cal.add_working_days(on, limits.resolve);
    Deadlines {
        acknowledge: a.date,
        reply: r.date,
        resolve: s.date,
        provisional: a.provisional || r.provisional || s.provisional,
    }
}

/// Moves a deadline by the working days a pause lasted: the clock stood still
/// from the day after `paused_on` up to and including `resumed_on`.
pub fn shift_for_pause(cal: &WorkCalendar, due: Date, paused_on: Date, resumed_on: Date) -> Date {
    let lost = cal.working_days_between(paused_on, resumed_on).days.max(0) as u32;
    cal.add_working_days(due, lost).date
}

/// How a case stands against its next deadline, as lists show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// No clock runs (not dispatched yet, or closed).
    None,
    OnTime,
    /// Two working days or fewer left.
    DueSoon,
    Overdue,
    Paused,
}

impl ClockState {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::None => "none",
            ClockState::OnTime => "on_time",
            ClockState::DueSoon => "due_soon",
            ClockState::Overdue => "overdue",
            ClockState::Paused => "paused",
        }
    }
}

/// Working days left at or below which a case is "due soon".
pub const DUE_SOON_DAYS: i64 = 2;

pub fn clock_state(cal: &WorkCalendar, status: Status, next_due: Option<Date>, today: Date) -> ClockState {
    if status == Status::Paused {
        return ClockState::Paused;
    }
    if !status.is_open() {
        return ClockState::None;
    }
    match next_due {
        // Waiting for the complainant: the case's own clock stands still
        // until the complainant's deadline has passed.
        Some(d) if status == Status::AwaitingMaterials && d >= today => ClockState::Paused,
        None => ClockState::None,
        Some(d) if d < today => ClockState::Overdue,
        Some(d) if cal.working_days_between(today, d).days <= DUE_SOON_DAYS => ClockState::DueSoon,
        Some(_) => ClockState::OnTime,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;
    use time::macros::date;

    fn cal() -> WorkCalendar {
        let mut days = vec![(date!(2026 - 10 - 10), DayKind::Workday)];
        let mut d = date!(2026 - 10 - 01);
        while d <= date!(2026 - 10 - 07) {
            days.push((d, DayKind::Holiday));
            d = d.next_day().unwrap();
        }
        WorkCalendar::new(days, [2026])
    }

    const LIMITS: TimeLimits = TimeLimits {
        acknowledge: 1,
        reply: 3,
        resolve: 15,
        extended_max: 30,
        return_window: 2,
    };

    #[test]
    fn a_dispatch_before_national_day_sets_deadlines_after_the_holiday() {
        let d = deadlines(&cal(), date!(2026 - 09 - 30), &LIMITS);
        assert_eq!(d.acknowledge, date!(2026 - 10 - 08));
        assert_eq!(d.reply, date!(2026 - 10 - 10), "the make-up Saturday counts");
        assert!(!d.provisional);
    }

    #[test]
    fn a_pause_moves_the_deadline_by_the_working_days_it_lasted() {
        let c = cal();
        // Paused Monday 12 Oct, resumed Friday 16 Oct: 4 working days (13–16) stood still.
        let due = shift_for_pause(&c, date!(2026 - 10 - 20), date!(2026 - 10 - 12), date!(2026 - 10 - 16));
        assert_eq!(due, date!(2026 - 10 - 26));
    }

    #[test]
    fn illegal_moves_have_no_next_state_and_the_legal_ones_are_listed() {
        let d = CaseKind::Demand;
        assert_eq!(next(d, Status::Submitted, Action::Resolve), None);
        assert_eq!(next(d, Status::Closed, Action::Dispatch), None);
        assert_eq!(next(d, Status::Withdrawn, Action::Withdraw), None);
        assert_eq!(
            next(d, Status::Submitted, Action::Accept),
            None,
            "demands are not accepted"
        );
        assert_eq!(
            allowed(d, Status::Submitted),
            vec![Action::Dispatch, Action::Escalate, Action::Withdraw, Action::Supervise]
        );
        assert_eq!(allowed(d, Status::Closed), vec![Action::Reopen]);
        for kind in [CaseKind::Demand, CaseKind::Complaint, CaseKind::Problem] {
            for s in Status::ALL {
                for a in allowed(kind, s) {
                    assert!(next(kind, s, a).is_some());
                }
                if !s.is_open() {
                    assert!(allowed(kind, s).iter().all(|a| *a == Action::Reopen), "{s:?} is final");
                }
            }
        }
    }

    #[test]
    fn a_complaint_goes_through_materials_acceptance_and_handling() {
        let c = CaseKind::Complaint;
        assert_eq!(
            allowed(c, Status::Submitted),
            vec![
                Action::Escalate,
                Action::Withdraw,
                Action::Supervise,
                Action::RequestMaterials,
                Action::Accept,
                Action::Refuse
            ]
        );
        assert_eq!(
            next(c, Status::Submitted, Action::RequestMaterials),
            Some(Status::AwaitingMaterials)
        );
        assert_eq!(
            next(c, Status::AwaitingMaterials, Action::Supplement),
            Some(Status::Submitted)
        );
        assert_eq!(
            next(c, Status::AwaitingMaterials, Action::Accept),
            None,
            "materials first"
        );
        assert_eq!(next(c, Status::Accepted, Action::Resolve), Some(Status::Resolved));
        assert_eq!(next(c, Status::Accepted, Action::Terminate), Some(Status::Terminated));
        assert_eq!(next(c, Status::Submitted, Action::Dispatch), None);
        assert!(!Status::Refused.is_open() && !Status::Terminated.is_open());
    }

    #[test]
    fn the_clock_state_follows_the_next_deadline_in_working_days() {
        let c = cal();
        let due = Some(date!(2026 - 10 - 09));
        assert_eq!(
            clock_state(&c, Status::Dispatched, due, date!(2026 - 09 - 29)),
            ClockState::OnTime
        );
        // 30 Sept → 9 Oct is 2 working days across the holiday.
        assert_eq!(
            clock_state(&c, Status::Dispatched, due, date!(2026 - 09 - 30)),
            ClockState::DueSoon
        );
        assert_eq!(
            clock_state(&c, Status::Dispatched, due, date!(2026 - 10 - 10)),
            ClockState::Overdue
        );
        assert_eq!(
            clock_state(&c, Status::Paused, due, date!(2026 - 10 - 10)),
            ClockState::Paused
        );
        assert_eq!(
            clock_state(&c, Status::Submitted, None, date!(2026 - 10 - 10)),
            ClockState::None
        );
        assert_eq!(
            clock_state(&c, Status::AwaitingMaterials, due, date!(2026 - 10 - 09)),
            ClockState::Paused,
            "the complainant's clock runs, not ours"
        );
        assert_eq!(
            clock_state(&c, Status::AwaitingMaterials, due, date!(2026 - 10 - 12)),
            ClockState::Overdue,
            "the complainant let the deadline pass"
        );
        assert_eq!(
            clock_state(&c, Status::Refused, due, date!(2026 - 10 - 12)),
            ClockState::None
        );
    }
}
