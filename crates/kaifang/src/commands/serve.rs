//! `kaifang serve`: migrate, create the first admin if the database is empty,
//! optionally load the demo data, and serve.

use crate::settings::Settings;
use crate::startup::{Application, open_store};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// Load the demo data (Jiangsu province tree, accounts, ~300 FIEs) into an empty database.
    #[arg(long)]
    pub demo: bool,
    /// Read the first admin's password from this file instead of generating one.
    #[arg(long)]
    pub admin_password_file: Option<PathBuf>,
}

pub async fn run(mut settings: Settings, args: ServeArgs) -> anyhow::Result<ExitCode> {
    if let Some(l) = args.listen {
        settings.listen = l;
    }
    let store = open_store(&settings).await?;
    bootstrap_admin(&store, args.admin_password_file.as_deref()).await?;
    if args.demo {
        match crate::demo::load(&store).await? {
            Some(summary) => println!("{summary}"),
            None => println!("演示数据未加载：数据库中已有企业记录。Demo data not loaded: the roster is not empty."),
        }
    }
    let app = Application::build(&settings, store).await?;
    println!(
        "开放 Kaifang 已启动 / listening on http://{} (storage: {})",
        app.addr(),
        app.store().backend().as_str()
    );
    app.run_until(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(ExitCode::SUCCESS)
}

/// Creates the `admin` account (national level) when no account exists yet,
/// with a random password printed once, or the one read from a file.
pub async fn bootstrap_admin(
    store: &kaifang_store::Store,
    password_file: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    if kaifang_store::accounts::count(store).await? > 0 {
        return Ok(());
    }
    let (password, generated) = match password_file {
        Some(p) => (
            std::fs::read_to_string(p)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?
                .trim()
                .to_string(),
            false,
        ),
        None => (generate_password(), true),
    };
    let input = kaifang_service::users::NewUserInput {
        username: "admin".into(),
        display_name: Some("系统管理员".into()),
        role: "admin".into(),
        division: Some("000000".into()),
        enterprise: None,
        password: password.clone(),
    };
    kaifang_service::users::create(store, None, &input)
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the admin account: {}", super::describe(&e)))?;
    if generated {
        println!(
            "已创建管理员账号 admin，初始密码（仅显示一次）/ created account admin with password (shown once): {password}"
        );
    } else {
        println!("已创建管理员账号 admin（密码取自文件）/ created account admin (password from file)");
    }
    Ok(())
}

/// A random password meeting the password rule: 20 characters from three classes.
pub fn generate_password() -> String {
    use rand::Rng;
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGIT: &[u8] = b"23456789";
    let mut rng = rand::rngs::OsRng;
    let mut s = String::new();
    for i in 0..20 {
        let set = match i % 4 {
            0 | 2 => LOWER,
            1 => UPPER,
            _ => DIGIT,
        };
        s.push(set[rng.gen_range(0..set.len())] as char);
        if i == 9 {
            s.push('-');
        }
    }
    s
}
