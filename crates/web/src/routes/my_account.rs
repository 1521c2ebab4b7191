//! « Mon compte »: what each user sets for themselves.

use askama::Template;
use axum::response::{IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::views::{render, Layout};

#[derive(Template)]
#[template(path = "my_account.html")]
struct MyAccountPage {
    layout: Layout,
    email: String,
}

pub async fn show(user: CurrentUser) -> AppResult<Response> {
    let page = MyAccountPage {
        layout: Layout::new("Mon compte", &user, "/compte"),
        email: user.email.clone(),
    };
    Ok(render(&page)?.into_response())
}
