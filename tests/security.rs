//! What protects users beyond the role checks of the access matrix: response headers, cookie
//! flags, a fresh session at every login, login throttling, the cross-site check on forms, logout,
//! and survey links that cannot be guessed and reveal nothing.

mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use cti_maturity::config::Config;
use cti_maturity::web::{self, AppState, session::COOKIE};
use support::{PASSWORD, TestDb, app, login, organisation, send, sqlite, urlencode};

/// The app as served over HTTPS behind a proxy.
fn secure_app(db: &TestDb) -> Router {
    let mut config = Config::for_tests(&db.url);
    config.secure_cookies = true;
    web::app(AppState::new(db.db.clone(), config))
}

async fn raw(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = String::from_utf8_lossy(&body.collect().await.unwrap().to_bytes()).into_owned();
    (parts.status, parts.headers, body)
}

fn login_request(email: &str, password: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request =
        Request::post("/login").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request
        .body(Body::from(format!(
            "email={}&password={}",
            urlencode(email),
            urlencode(password)
        )))
        .unwrap()
}

fn set_cookie(headers: &HeaderMap) -> String {
    headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let db = sqlite().await;
    organisation(&db.db, "acme").await;
    let plain = app(&db);
    let manager = login(&plain, &db.db, "manager@acme.example").await;
    let pages = [
        Request::get("/login").body(Body::empty()).unwrap(),
        Request::get("/static/app.css").body(Body::empty()).unwrap(),
        Request::get("/o/acme")
            .header(header::COOKIE, &manager.cookie)
            .body(Body::empty())
            .unwrap(),
        Request::get("/s/".to_owned() + &"ab".repeat(32))
            .body(Body::empty())
            .unwrap(),
    ];
    for request in pages {
        let path = request.uri().to_string();
        let (_, headers, _) = raw(&plain, request).await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{path}: {csp}"
        );
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: {csp}"
        );
        assert!(
            csp.contains("object-src 'none'") && csp.contains("form-action 'self'"),
            "{path}: {csp}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin", "{path}");
        assert!(
            headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "{path}: no HSTS over plain HTTP"
        );
    }
    let secure = secure_app(&db);
    let (_, headers, _) = raw(&secure, Request::get("/login").body(Body::empty()).unwrap()).await;
    let hsts = headers[header::STRICT_TRANSPORT_SECURITY].to_str().unwrap();
    assert!(
        hsts.starts_with("max-age=") && hsts.contains("includeSubDomains"),
        "{hsts}"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_secure_when_configured() {
    let db = sqlite().await;
    organisation(&db.db, "acme").await;
    let (status, headers, _) = raw(
        &app(&db),
        login_request("viewer@acme.example", PASSWORD, None),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = set_cookie(&headers);
    assert!(cookie.starts_with(&format!("{COOKIE}=")), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");
    let (_, headers, _) = raw(
        &secure_app(&db),
        login_request("viewer@acme.example", PASSWORD, None),
    )
    .await;
    assert!(
        set_cookie(&headers).contains("; Secure"),
        "{}",
        set_cookie(&headers)
    );
}

#[tokio::test]
async fn a_login_never_keeps_a_session_id_it_was_given() {
    let db = sqlite().await;
    organisation(&db.db, "acme").await;
    let app = app(&db);
    // An attacker plants a session id of their choosing before the victim logs in.
    let planted = format!("{COOKIE}={}", "a".repeat(64));
    let (_, headers, _) = raw(
        &app,
        login_request("manager@acme.example", PASSWORD, Some(&planted)),
    )
    .await;
    let issued = set_cookie(&headers).split(';').next().unwrap().to_owned();
    assert_ne!(issued, planted);
    let (status, _, _) = raw(
        &app,
        Request::get("/o/acme")
            .header(header::COOKIE, &planted)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the planted id gives no session"
    );

    // Logging in again from a live session (with its form token) replaces it: the old id stops
    // working.
    let live = login(&app, &db.db, "manager@acme.example").await;
    let again = live
        .post(
            "/login",
            &[("email", "manager@acme.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let old = live.get("/o/acme").await;
    assert_eq!(
        (old.status, old.location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/login"))
    );
}

#[tokio::test]
async fn five_failed_logins_lock_that_account_only_for_a_while() {
    let db = sqlite().await;
    organisation(&db.db, "acme").await;
    let app = app(&db);
    for attempt in 1..=5 {
        let (status, _, body) = raw(
            &app,
            login_request("manager@acme.example", "wrong-password-123", None),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}: {body}"
        );
    }
    let (status, headers, body) =
        raw(&app, login_request("manager@acme.example", PASSWORD, None)).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits: {body}"
    );
    assert!(headers.get(header::SET_COOKIE).is_none());
    assert!(body.contains("Too many failed attempts"));
    let (status, _, _) = raw(&app, login_request("viewer@acme.example", PASSWORD, None)).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "another account is not affected"
    );
    // An unknown email is throttled the same way: the reply does not tell which accounts exist.
    for _ in 1..=5 {
        raw(
            &app,
            login_request("nobody@acme.example", "wrong-password-123", None),
        )
        .await;
    }
    let (status, _, _) = raw(
        &app,
        login_request("nobody@acme.example", "wrong-password-123", None),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused_even_with_the_token() {
    let db = sqlite().await;
    organisation(&db.db, "acme").await;
    let app = app(&db);
    let manager = login(&app, &db.db, "manager@acme.example").await;
    let body = format!("name=Fraud&csrf={}", manager.csrf);
    let from = |header_name: &'static str, value: &'static str| {
        Request::post("/o/acme/surveys/groups")
            .header(header::COOKIE, &manager.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header_name, value)
            .body(Body::from(body.clone()))
            .unwrap()
    };
    assert_eq!(
        send(&app, from("origin", "https://evil.example"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, from("sec-fetch-site", "cross-site"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, from("sec-fetch-site", "same-origin"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn logging_out_ends_the_session_on_the_server() {
    let db = sqlite().await;
    organisation(&db.db, "acme").await;
    let app = app(&db);
    let viewer = login(&app, &db.db, "viewer@acme.example").await;
    let reply = viewer.post("/logout", &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let after = viewer.get("/o/acme").await;
    assert_eq!(
        (after.status, after.location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/login"))
    );
}

#[tokio::test]
async fn guessed_survey_links_all_get_the_same_page_that_names_no_one() {
    let db = sqlite().await;
    organisation(&db.db, "acme").await;
    let app = app(&db);
    let mut bodies = std::collections::BTreeSet::new();
    for guess in 0..50u32 {
        let token = format!(
            "{:064x}",
            u128::from(guess).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C834)
        );
        let reply = send(
            &app,
            Request::get(format!("/s/{token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert!(!reply.body.contains("acme") && !reply.body.contains("Org acme"));
        bodies.insert(reply.body);
    }
    assert_eq!(bodies.len(), 1, "every wrong link gets the same page");
}
