//! `kaifang admin`: accounts and API tokens from the command line.

use crate::settings::Settings;
use crate::startup::open_store;
use clap::Subcommand;
use std::io::Read;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        username: String,
        /// admin, officer, leader or enterprise.
        #[arg(long)]
        role: String,
        /// Division code (000000 = national); not for enterprise accounts.
        #[arg(long)]
        division: Option<String>,
        /// Credit code of the enterprise (enterprise accounts).
        #[arg(long)]
        enterprise: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input (required).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create a personal API token for a user; prints it once.
    CreateToken {
        #[arg(long)]
        username: String,
        /// A name to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
    },
    /// Set a user's password (read from standard input); ends their sessions and lifts a lock.
    SetPassword {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

fn read_password(flag: bool) -> anyhow::Result<String> {
    if !flag {
        anyhow::bail!("pass --password-stdin and give the password on standard input");
    }
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s)?;
    let s = s.trim_end_matches(['\n', '\r']).to_string();
    if s.is_empty() {
        anyhow::bail!("no password on standard input");
    }
    Ok(s)
}

pub async fn run(settings: Settings, cmd: AdminCommand) -> anyhow::Result<ExitCode> {
    let store = open_store(&settings).await?;
    match cmd {
        AdminCommand::CreateUser {
            username,
            role,
            division,
            enterprise,
            display_name,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            let input = kaifang_service::users::NewUserInput {
                username: username.clone(),
                display_name,
                role,
                division,
                enterprise,
                password,
            };
            match kaifang_service::users::create(&store, None, &input).await {
                Ok(id) => {
                    println!("created user {username} (id {id})");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{}", super::describe(&e));
                    Ok(ExitCode::from(2))
                }
            }
        }
        AdminCommand::CreateToken { username, name } => {
            let Some(user) = kaifang_store::accounts::by_username(&store, &username).await? else {
                eprintln!("no user named {username}");
                return Ok(ExitCode::from(2));
            };
            let Some(p) = kaifang_service::Principal::from_user(&user, "local") else {
                anyhow::bail!("the account {username} is inconsistent (unknown role or division)");
            };
            let (_, token) = kaifang_service::auth::create_token(&store, &p, &name)
                .await
                .map_err(|e| anyhow::anyhow!(super::describe(&e)))?;
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        AdminCommand::SetPassword {
            username,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            match kaifang_service::users::set_password(
                &store,
                &kaifang_store::Actor::system("cli"),
                &username,
                &password,
            )
            .await
            {
                Ok(()) => {
                    println!("password of {username} set");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{}", super::describe(&e));
                    Ok(ExitCode::from(2))
                }
            }
        }
    }
}
