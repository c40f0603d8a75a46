//! What the server's hourly housekeeping removes, and what it keeps, on every engine.

mod support;

use chrono::{Duration, Utc};
use cti_maturity::store;
use support::{engines, user};

#[tokio::test]
async fn expired_sessions_and_old_login_failures_go_and_live_ones_stay() {
    for db in engines().await {
        let id = user(&db.db, "ana@example.org").await;
        let now = Utc::now();
        store::sessions::create(&db.db, "expired", id, "csrf", now - Duration::minutes(1))
            .await
            .unwrap();
        store::sessions::create(&db.db, "live", id, "csrf", now + Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(
            store::sessions::delete_expired(&db.db).await.unwrap(),
            1,
            "{}",
            db.engine
        );
        assert!(
            store::sessions::find_live(&db.db, "live")
                .await
                .unwrap()
                .is_some()
        );

        store::login_failures::record(&db.db, "ana@example.org")
            .await
            .unwrap();
        assert_eq!(
            store::login_failures::delete_before(&db.db, now - Duration::minutes(15))
                .await
                .unwrap(),
            0,
            "{}: a recent failure still counts",
            db.engine
        );
        assert_eq!(
            store::login_failures::delete_before(&db.db, Utc::now() + Duration::seconds(1))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            store::login_failures::count_since(&db.db, "ana@example.org", now - Duration::hours(1))
                .await
                .unwrap(),
            0
        );
    }
}
