//! `kaifang calendar`: working-day arithmetic and the yearly schedules.

use crate::settings::Settings;
use crate::startup::open_store;
use clap::Subcommand;
use kaifang_service::calendar as svc;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Print the date N working days after DATE (the day itself does not count),
    /// and `provisional` when a year it depends on has no published schedule.
    AddWorkingDays { date: String, days: i64 },
    /// Print the working days in (FROM, TO].
    WorkingDays { from: String, to: String },
    /// List the stored years, their source and how many days each lists.
    Years,
    /// Replace one year's schedule from a file of lines `date,holiday|workday,中文名[,English name]`.
    SetYear {
        year: i64,
        /// The schedule file.
        #[arg(long)]
        file: PathBuf,
        /// The notice it comes from (title, number or address).
        #[arg(long)]
        source: String,
        /// Still being entered: dates in this year stay provisional.
        #[arg(long)]
        draft: bool,
    },
}

pub async fn run(settings: Settings, cmd: CalendarCommand) -> anyhow::Result<ExitCode> {
    let store = open_store(&settings).await?;
    let cal = svc::load(&store).await?;
    let fail = |e: kaifang_service::ServiceError| {
        eprintln!("{}", super::describe(&e));
        Ok(ExitCode::from(2))
    };
    match cmd {
        CalendarCommand::AddWorkingDays { date, days } => match svc::add_working_days(&cal, &date, days) {
            Ok(r) if r.provisional => println!("{} provisional", r.date),
            Ok(r) => println!("{}", r.date),
            Err(e) => return fail(e),
        },
        CalendarCommand::WorkingDays { from, to } => match svc::working_days_between(&cal, &from, &to) {
            Ok(r) if r.provisional => println!("{} provisional", r.days),
            Ok(r) => println!("{}", r.days),
            Err(e) => return fail(e),
        },
        CalendarCommand::Years => {
            for y in svc::schedules(&store).await? {
                let state = if y.published { "published" } else { "draft" };
                println!("{}\t{state}\t{} days\t{}", y.year, y.days.len(), y.source);
            }
        }
        CalendarCommand::SetYear {
            year,
            file,
            source,
            draft,
        } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let days = match svc::parse_days_text(&text) {
                Ok(d) => d,
                Err(e) => return fail(e.into()),
            };
            let input = svc::YearInput {
                published: !draft,
                source,
                days,
            };
            let calendars = svc::Calendars::default();
            match svc::set_year(&store, &calendars, &super::cli_principal(), year, &input).await {
                Ok(y) => println!("{}: {} days stored", y.year, y.days.len()),
                Err(e) => return fail(e),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
