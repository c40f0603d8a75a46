//! Members, roles, invitations and the audit log, through the whole app in process.
//!
//! Each test runs on a fresh SQLite file, and also on PostgreSQL when `TEST_POSTGRES_URL` names a
//! server where tests may create databases (skipped with a message otherwise).

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::{Duration, Utc};
use cti_maturity::store::{self, Db, Role, audit::NewAuditEvent};
use cti_maturity::web::{password, tokens};
use tower::ServiceExt;

const PASSWORD: &str = "a-long-test-password";

mod support;

use support::{app, engines};

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The session token this reply sets, if it sets one.
    fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("cti_session="))
            .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
            .filter(|token| !token.is_empty())
    }
}

/// A logged-in browser: its session cookie and the session's CSRF token.
#[derive(Clone)]
struct Browser {
    token: String,
    csrf: String,
}

async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    browser: Option<&Browser>,
    form: Option<&[(&str, &str)]>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(browser) = browser {
        request = request.header(header::COOKIE, format!("cti_session={}", browser.token));
    }
    let body = match form {
        Some(pairs) => {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(serde_urlencoded::to_string(pairs).unwrap())
        }
        None => Body::empty(),
    };
    let response = app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &Router, uri: &str, browser: Option<&Browser>) -> Reply {
    send(app, "GET", uri, browser, None).await
}

/// A form POST from `browser`, with its CSRF token added.
async fn post(app: &Router, uri: &str, browser: &Browser, fields: &[(&str, &str)]) -> Reply {
    let mut fields = fields.to_vec();
    fields.push(("csrf", &browser.csrf));
    send(app, "POST", uri, Some(browser), Some(&fields)).await
}

/// Logs in through the login form; the CSRF token is read from the session the login started.
async fn login(app: &Router, db: &Db, email: &str, password: &str) -> Browser {
    let reply = send(
        app,
        "POST",
        "/login",
        None,
        Some(&[("email", email), ("password", password)]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "login of {email}");
    let token = reply
        .session_cookie()
        .expect("login sets the session cookie");
    let session = store::sessions::find_live(db, &tokens::hash_token(&token))
        .await
        .unwrap()
        .expect("the session is stored");
    Browser {
        token,
        csrf: session.csrf_token,
    }
}

async fn user(db: &Db, email: &str) -> i64 {
    let hash = password::hash(PASSWORD.to_owned()).await.unwrap();
    store::users::create(db, email, "Test person", &hash, false)
        .await
        .unwrap()
        .id
}

/// Organisation `acme` with admin@acme.example as its only admin, and viewer@acme.example.
struct Acme {
    id: i64,
    admin: i64,
    viewer: i64,
}

async fn acme(db: &Db) -> Acme {
    let org = store::organisations::create(db, "acme", "Acme CTI")
        .await
        .unwrap();
    let admin = user(db, "admin@acme.example").await;
    let viewer = user(db, "viewer@acme.example").await;
    store::organisations::set_membership(db, org.id, admin, Role::Admin)
        .await
        .unwrap();
    store::organisations::set_membership(db, org.id, viewer, Role::Viewer)
        .await
        .unwrap();
    Acme {
        id: org.id,
        admin,
        viewer,
    }
}

/// The token of the invitation link on the page shown after creating an invitation.
fn invitation_token(page: &str) -> String {
    let start = page.find("/invite/").expect("the page shows the link") + "/invite/".len();
    page[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

async fn invite(app: &Router, admin: &Browser, email: &str, role: &str) -> String {
    let reply = post(
        app,
        "/o/acme/invitations",
        admin,
        &[("email", email), ("role", role)],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let token = invitation_token(&reply.body);
    assert_eq!(token.len(), 64);
    token
}

async fn actions(db: &Db, organisation_id: i64) -> Vec<(String, String)> {
    store::audit::list(db, organisation_id, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|event| (event.action, event.detail))
        .collect()
}

#[tokio::test]
async fn an_invitation_link_creates_the_account_with_its_role_and_works_once() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let admin = login(&app, db, "admin@acme.example", PASSWORD).await;

        let reply = post(
            &app,
            "/o/acme/invitations",
            &admin,
            &[("email", " Nina@Example.ORG "), ("role", "manager")],
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", test.engine);
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
        assert!(reply.body.contains("http://127.0.0.1/invite/"));
        let token = invitation_token(&reply.body);
        let stored = store::invitations::list_pending(db, org.id).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].email, "nina@example.org");
        assert!(stored[0].expires_at > Utc::now() + Duration::days(6));
        let members_page = get(&app, "/o/acme/members", Some(&admin)).await;
        assert!(members_page.body.contains("nina@example.org"));
        assert!(
            !members_page.body.contains(&token),
            "the link is shown only once"
        );

        let link = format!("/invite/{token}");
        let form = get(&app, &link, None).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("Create account and join"));
        assert!(form.body.contains("Acme CTI"));

        let weak = send(
            &app,
            "POST",
            &link,
            None,
            Some(&[("display_name", "Nina Novak"), ("password", "short")]),
        )
        .await;
        assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(weak.body.contains("at least 10 characters"));
        assert!(weak.body.contains("Nina Novak"), "the name is kept");

        let joined = send(
            &app,
            "POST",
            &link,
            None,
            Some(&[
                ("display_name", "Nina Novak"),
                ("password", "nina's own passphrase"),
            ]),
        )
        .await;
        assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
        assert_eq!(joined.location(), "/o/acme");
        assert!(
            joined.session_cookie().is_some(),
            "the new member is logged in"
        );

        let nina = store::users::find_by_email(db, "nina@example.org")
            .await
            .unwrap()
            .expect("the account exists");
        assert_eq!(nina.display_name, "Nina Novak");
        assert!(!nina.is_site_admin);
        assert_eq!(
            store::organisations::role_of(db, org.id, nina.id)
                .await
                .unwrap(),
            Some(Role::Manager)
        );
        login(&app, db, "nina@example.org", "nina's own passphrase").await;

        assert_eq!(get(&app, &link, None).await.status, StatusCode::NOT_FOUND);
        let again = send(
            &app,
            "POST",
            &link,
            None,
            Some(&[
                ("display_name", "Mallory"),
                ("password", "another passphrase"),
            ]),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
        assert!(
            store::invitations::list_pending(db, org.id)
                .await
                .unwrap()
                .is_empty()
        );

        let log = actions(db, org.id).await;
        assert!(log.contains(&(
            "invitation_created".into(),
            "nina@example.org as manager".into()
        )));
        assert!(log.contains(&(
            "invitation_accepted".into(),
            "nina@example.org as manager".into()
        )));
    }
}

#[tokio::test]
async fn an_existing_account_joins_after_logging_in_as_the_invited_email() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let bob = user(db, "bob@example.org").await;
        user(db, "carol@example.org").await;
        let admin = login(&app, db, "admin@acme.example", PASSWORD).await;
        let token = invite(&app, &admin, "bob@example.org", "assessor").await;
        let link = format!("/invite/{token}");

        let anonymous = get(&app, &link, None).await;
        assert_eq!(anonymous.status, StatusCode::OK);
        assert!(anonymous.body.contains("Log in as bob@example.org"));
        let refused = send(&app, "POST", &link, None, Some(&[])).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let carol = login(&app, db, "carol@example.org", PASSWORD).await;
        let other = get(&app, &link, Some(&carol)).await;
        assert!(other.body.contains("You are logged in as"));
        assert_eq!(
            post(&app, &link, &carol, &[]).await.status,
            StatusCode::FORBIDDEN
        );

        let bob_browser = login(&app, db, "bob@example.org", PASSWORD).await;
        let page = get(&app, &link, Some(&bob_browser)).await;
        assert!(page.body.contains(">Join<"), "{}", page.body);
        let joined = post(&app, &link, &bob_browser, &[]).await;
        assert_eq!(joined.status, StatusCode::SEE_OTHER);
        assert_eq!(joined.location(), "/o/acme");
        assert_eq!(
            store::organisations::role_of(db, org.id, bob)
                .await
                .unwrap(),
            Some(Role::Assessor),
            "{}",
            test.engine
        );
        assert_eq!(
            get(&app, &link, Some(&bob_browser)).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn unknown_expired_and_revoked_invitation_links_are_404() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let random = format!("/invite/{}", tokens::new_token());
        assert_eq!(get(&app, &random, None).await.status, StatusCode::NOT_FOUND);

        let expired = tokens::new_token();
        store::invitations::create(
            db,
            org.id,
            "late@example.org",
            Role::Viewer,
            &tokens::hash_token(&expired),
            org.admin,
            Utc::now() - Duration::minutes(1),
        )
        .await
        .unwrap();
        let expired_link = format!("/invite/{expired}");
        assert_eq!(
            get(&app, &expired_link, None).await.status,
            StatusCode::NOT_FOUND
        );
        let post_expired = send(
            &app,
            "POST",
            &expired_link,
            None,
            Some(&[("display_name", "Late"), ("password", "late passphrase")]),
        )
        .await;
        assert_eq!(post_expired.status, StatusCode::NOT_FOUND);
        assert!(
            store::users::find_by_email(db, "late@example.org")
                .await
                .unwrap()
                .is_none()
        );

        let admin = login(&app, db, "admin@acme.example", PASSWORD).await;
        let token = invite(&app, &admin, "dan@example.org", "viewer").await;
        let pending = store::invitations::list_pending(db, org.id).await.unwrap();
        let revoke = format!("/o/acme/invitations/{}/revoke", pending[0].id);
        let revoked = post(&app, &revoke, &admin, &[]).await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        assert_eq!(
            get(&app, &format!("/invite/{token}"), None).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            post(&app, &revoke, &admin, &[]).await.status,
            StatusCode::NOT_FOUND
        );
        assert!(actions(db, org.id).await.contains(&(
            "invitation_revoked".into(),
            "dan@example.org (viewer)".into()
        )));
    }
}

#[tokio::test]
async fn members_and_audit_pages_are_for_admins_only() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let viewer = login(&app, db, "viewer@acme.example", PASSWORD).await;
        assert_eq!(
            get(&app, "/o/acme/members", Some(&viewer)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get(&app, "/o/acme/audit", Some(&viewer)).await.status,
            StatusCode::FORBIDDEN
        );
        let own_promotion = format!("/o/acme/members/{}/role", org.viewer);
        assert_eq!(
            post(&app, &own_promotion, &viewer, &[("role", "admin")])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let invitation = post(
            &app,
            "/o/acme/invitations",
            &viewer,
            &[("email", "x@example.org"), ("role", "admin")],
        )
        .await;
        assert_eq!(invitation.status, StatusCode::FORBIDDEN);
        let removal = format!("/o/acme/members/{}/remove", org.admin);
        assert_eq!(
            post(&app, &removal, &viewer, &[]).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            store::organisations::role_of(db, org.id, org.viewer)
                .await
                .unwrap(),
            Some(Role::Viewer)
        );
        assert!(
            store::invitations::list_pending(db, org.id)
                .await
                .unwrap()
                .is_empty()
        );

        let anonymous = get(&app, "/o/acme/members", None).await;
        assert_eq!(anonymous.location(), "/login");
    }
}

#[tokio::test]
async fn a_user_of_another_organisation_gets_404() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let beta = store::organisations::create(db, "beta", "Beta")
            .await
            .unwrap();
        let outsider = user(db, "admin@beta.example").await;
        store::organisations::set_membership(db, beta.id, outsider, Role::Admin)
            .await
            .unwrap();
        let browser = login(&app, db, "admin@beta.example", PASSWORD).await;

        for uri in ["/o/acme/members", "/o/acme/audit", "/o/nowhere/members"] {
            let reply = get(&app, uri, Some(&browser)).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        }
        let demote = format!("/o/acme/members/{}/role", org.admin);
        assert_eq!(
            post(&app, &demote, &browser, &[("role", "viewer")])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let invitation = post(
            &app,
            "/o/acme/invitations",
            &browser,
            &[("email", "spy@example.org"), ("role", "admin")],
        )
        .await;
        assert_eq!(invitation.status, StatusCode::NOT_FOUND);

        // Acme's admin cannot reach Beta's member through Acme's pages either.
        let admin = login(&app, db, "admin@acme.example", PASSWORD).await;
        let foreign = format!("/o/acme/members/{outsider}/remove");
        assert_eq!(
            post(&app, &foreign, &admin, &[]).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            store::organisations::role_of(db, beta.id, outsider)
                .await
                .unwrap(),
            Some(Role::Admin)
        );
    }
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_or_removed() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let admin = login(&app, db, "admin@acme.example", PASSWORD).await;
        let demote = format!("/o/acme/members/{}/role", org.admin);
        let remove = format!("/o/acme/members/{}/remove", org.admin);

        let refused = post(&app, &demote, &admin, &[("role", "manager")]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", test.engine);
        assert!(refused.body.contains("last admin"), "{}", refused.body);
        let refused = post(&app, &remove, &admin, &[]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert!(refused.body.contains("last admin"));
        assert_eq!(
            store::organisations::role_of(db, org.id, org.admin)
                .await
                .unwrap(),
            Some(Role::Admin)
        );

        // With a second admin, the first may step down.
        let promote = format!("/o/acme/members/{}/role", org.viewer);
        let promoted = post(&app, &promote, &admin, &[("role", "admin")]).await;
        assert_eq!(promoted.status, StatusCode::SEE_OTHER);
        let stepped_down = post(&app, &demote, &admin, &[("role", "viewer")]).await;
        assert_eq!(stepped_down.status, StatusCode::SEE_OTHER);
        assert_eq!(stepped_down.location(), "/o/acme");
        assert_eq!(
            store::organisations::count_admins(db, org.id)
                .await
                .unwrap(),
            1
        );

        // And now the former viewer is the last admin.
        let new_admin = login(&app, db, "viewer@acme.example", PASSWORD).await;
        let refused = post(&app, &promote, &new_admin, &[("role", "viewer")]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);

        let log = actions(db, org.id).await;
        assert!(log.contains(&(
            "role_changed".into(),
            "viewer@acme.example: viewer → admin".into()
        )));
        assert!(log.contains(&(
            "role_changed".into(),
            "admin@acme.example: admin → viewer".into()
        )));
    }
}

#[tokio::test]
async fn admins_change_roles_and_remove_members_with_an_audit_trail() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let admin = login(&app, db, "admin@acme.example", PASSWORD).await;
        let page = get(&app, "/o/acme/members", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("viewer@acme.example"));
        assert!(
            page.body
                .contains(&format!("name=\"csrf\" value=\"{}\"", admin.csrf))
        );

        let change = format!("/o/acme/members/{}/role", org.viewer);
        let bad = post(&app, &change, &admin, &[("role", "owner")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let changed = post(&app, &change, &admin, &[("role", "manager")]).await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER);
        assert_eq!(changed.location(), "/o/acme/members");
        assert_eq!(
            store::organisations::role_of(db, org.id, org.viewer)
                .await
                .unwrap(),
            Some(Role::Manager)
        );

        let removed = post(
            &app,
            &format!("/o/acme/members/{}/remove", org.viewer),
            &admin,
            &[],
        )
        .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER);
        assert_eq!(
            store::organisations::role_of(db, org.id, org.viewer)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            post(&app, &change, &admin, &[("role", "viewer")])
                .await
                .status,
            StatusCode::NOT_FOUND,
            "no longer a member"
        );
        let log = actions(db, org.id).await;
        assert!(log.contains(&(
            "role_changed".into(),
            "viewer@acme.example: viewer → manager".into()
        )));
        assert!(log.contains(&(
            "member_removed".into(),
            "viewer@acme.example (was manager)".into()
        )));
    }
}

#[tokio::test]
async fn invalid_invitations_show_the_form_again_with_the_input() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let admin = login(&app, db, "admin@acme.example", PASSWORD).await;
        let reply = post(
            &app,
            "/o/acme/invitations",
            &admin,
            &[("email", "not-an-address"), ("role", "manager")],
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("value=\"not-an-address\""));
        assert!(reply.body.contains("<option value=\"manager\" selected>"));
        assert!(reply.body.contains("Enter the email address"));

        let member = post(
            &app,
            "/o/acme/invitations",
            &admin,
            &[("email", "Viewer@acme.example"), ("role", "admin")],
        )
        .await;
        assert_eq!(member.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(member.body.contains("is a member already"));
        let bad_role = post(
            &app,
            "/o/acme/invitations",
            &admin,
            &[("email", "eve@example.org"), ("role", "owner")],
        )
        .await;
        assert_eq!(bad_role.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            store::invitations::list_pending(db, org.id)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn a_post_without_the_csrf_token_is_refused() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let admin = login(&app, db, "admin@acme.example", PASSWORD).await;
        let invitation = send(
            &app,
            "POST",
            "/o/acme/invitations",
            Some(&admin),
            Some(&[("email", "x@example.org"), ("role", "admin")]),
        )
        .await;
        assert_eq!(invitation.status, StatusCode::FORBIDDEN);
        let change = send(
            &app,
            "POST",
            &format!("/o/acme/members/{}/role", org.viewer),
            Some(&admin),
            Some(&[("role", "admin"), ("csrf", "0123456789abcdef")]),
        )
        .await;
        assert_eq!(change.status, StatusCode::FORBIDDEN, "a wrong token too");
        assert!(
            store::invitations::list_pending(db, org.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store::organisations::role_of(db, org.id, org.viewer)
                .await
                .unwrap(),
            Some(Role::Viewer)
        );
    }
}

#[tokio::test]
async fn the_audit_log_pages_newest_first_and_only_shows_its_organisation() {
    for test in engines().await {
        let (db, app) = (&test.db, app(&test));
        let org = acme(db).await;
        let other = store::organisations::create(db, "beta", "Beta")
            .await
            .unwrap();
        for n in 0..60 {
            let detail = format!("event-{n:03}");
            let event = NewAuditEvent {
                organisation_id: Some(org.id),
                user_id: Some(org.admin),
                actor_email: "admin@acme.example",
                action: "test_event",
                detail: &detail,
            };
            store::audit::record(db, event).await.unwrap();
        }
        let secret = NewAuditEvent {
            organisation_id: Some(other.id),
            user_id: None,
            actor_email: "someone@beta.example",
            action: "test_event",
            detail: "beta-secret",
        };
        store::audit::record(db, secret).await.unwrap();

        let admin = login(&app, db, "admin@acme.example", PASSWORD).await;
        let first = get(&app, "/o/acme/audit", Some(&admin)).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(!first.body.contains("beta-secret"));
        assert!(first.body.contains("UTC"));
        let newest = first.body.find("event-059").expect("newest event shown");
        let older = first.body.find("event-010").expect("50th newest shown");
        assert!(newest < older, "newest first");
        assert!(!first.body.contains("event-009"));
        let start = first
            .body
            .find("audit?before=")
            .expect("a link to older events")
            + "audit?before=".len();
        let before: String = first.body[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();

        let second = get(
            &app,
            &format!("/o/acme/audit?before={before}"),
            Some(&admin),
        )
        .await;
        assert_eq!(second.status, StatusCode::OK);
        assert!(second.body.contains("event-009"));
        assert!(second.body.contains("event-000"));
        assert!(!second.body.contains("event-010"));
        assert!(!second.body.contains("beta-secret"));
        assert!(!second.body.contains("audit?before="), "no older page");
    }
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    for test in engines().await {
        let db = &test.db;
        let org = acme(db).await;
        for round in 0..10 {
            store::organisations::set_membership(db, org.id, org.admin, Role::Admin)
                .await
                .unwrap();
            store::organisations::set_membership(db, org.id, org.viewer, Role::Admin)
                .await
                .unwrap();
            let (a, b) = tokio::join!(
                store::organisations::change_role_keeping_an_admin(
                    db,
                    org.id,
                    org.admin,
                    Role::Viewer
                ),
                store::organisations::change_role_keeping_an_admin(
                    db,
                    org.id,
                    org.viewer,
                    Role::Viewer
                ),
            );
            let outcomes = [a.unwrap(), b.unwrap()];
            assert!(
                outcomes.contains(&store::organisations::GuardedChange::LastAdmin),
                "{} round {round}: {outcomes:?}",
                test.engine
            );
            assert_eq!(
                store::organisations::count_admins(db, org.id)
                    .await
                    .unwrap(),
                1,
                "{} round {round}",
                test.engine
            );
        }
    }
}
