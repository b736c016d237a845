// SPDX-License-Identifier: GPL-3.0-or-later
// Notifications of fleet transitions: one per transition, coalesced after three within the window, none when
// muted; and the webhook against a local HTTP server: one POST per transition, retries on 5xx, nothing when muted,
// no secret of the URL in its messages.
#include "engine/fleetmonitor.h"
#include "engine/fleetnotifier.h"
#include "engine/fleetservice.h"
#include "engine/fleetwebhook.h"
#include "fakeapiserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

namespace {

FleetTransition transition(const QString &key, RpoState from, RpoState to)
{
    FleetTransition t;
    t.from = from;
    t.to = to;
    t.entry.key = key;
    t.entry.name = key;
    t.entry.sourceContext = QStringLiteral("prod");
    t.entry.destinationContext = QStringLiteral("dr");
    t.entry.health.state = to;
    t.entry.health.lagSeconds = 7260;
    t.entry.health.reason = QStringLiteral("last sync 2h 1m ago");
    t.message = QStringLiteral("%1 is %2: last sync 2h 1m ago").arg(key, RpoHealth::stateName(to));
    return t;
}

} // namespace

class TestFleetNotifications : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transitionRules()
    {
        FleetEntry e;
        e.name = QStringLiteral("db");
        const auto to = [&e](RpoState state) {
            e.health.state = state;
            return e;
        };
        QVERIFY(FleetTransition::between(RpoState::Healthy, to(RpoState::Late)));
        QVERIFY(FleetTransition::between(RpoState::Late, to(RpoState::Critical)));
        QVERIFY(FleetTransition::between(RpoState::Paused, to(RpoState::Failing)));
        QVERIFY(FleetTransition::between(RpoState::Critical, to(RpoState::Healthy))->isRecovery());
        QVERIFY(!FleetTransition::between(RpoState::Unknown, to(RpoState::Late))); // first judgement
        QVERIFY(!FleetTransition::between(RpoState::Late, to(RpoState::Unknown))); // out of reach
        QVERIFY(!FleetTransition::between(RpoState::Late, to(RpoState::Late)));
        QVERIFY(!FleetTransition::between(RpoState::Healthy, to(RpoState::Paused)));
        QVERIFY(!FleetTransition::between(RpoState::Critical, to(RpoState::Late))); // catching up: no new alarm
    }

    void oneNotificationPerTransitionThenASummary()
    {
        FleetNotifier notifier;
        notifier.setWindowMs(300);
        QSignalSpy notified(&notifier, &FleetNotifier::notified);
        notifier.add(transition(QStringLiteral("a"), RpoState::Healthy, RpoState::Late));
        notifier.add(transition(QStringLiteral("b"), RpoState::Healthy, RpoState::Failing));
        notifier.add(transition(QStringLiteral("c"), RpoState::Late, RpoState::Healthy));
        QCOMPARE(notified.size(), 3);
        QCOMPARE(notified.at(0).at(0).toString(), QStringLiteral("a is late"));
        // The text says why, without saying the title again (the status bar shows "title: text").
        QCOMPARE(notified.at(0).at(1).toString(), QStringLiteral("last sync 2h 1m ago"));
        QCOMPARE(notified.at(2).at(0).toString(), QStringLiteral("c recovered"));
        QCOMPARE(notified.at(2).at(1).toString(), QStringLiteral("was late; last sync 2h 1m ago"));
        QCOMPARE(notified.at(2).at(2).toBool(), false);
        // The fourth and fifth within the window are held and told as one.
        notifier.add(transition(QStringLiteral("d"), RpoState::Healthy, RpoState::Late));
        notifier.add(transition(QStringLiteral("e"), RpoState::Late, RpoState::Critical));
        QCOMPARE(notified.size(), 3);
        QVERIFY(notified.wait(5000));
        QCOMPARE(notified.size(), 4);
        QCOMPARE(notified.at(3).at(0).toString(), QStringLiteral("2 more replication changes"));
        QCOMPARE(notified.at(3).at(1).toString(), QStringLiteral("d is late\ne is critical"));
        QVERIFY(notified.at(3).at(2).toBool());
    }

    // A summary held under a long window is told sooner when the window is made shorter (the GUI tests shorten it
    // after the fleet's first failures were held for a minute; the next change then waited for that minute).
    void aShorterWindowTellsTheHeldSummarySooner()
    {
        FleetNotifier notifier;
        QSignalSpy notified(&notifier, &FleetNotifier::notified);
        for (const char *key : {"a", "b", "c", "d"})
            notifier.add(transition(QLatin1String(key), RpoState::Healthy, RpoState::Late));
        QCOMPARE(notified.size(), 3); // d held for a minute
        notifier.setWindowMs(1);
        QTRY_COMPARE(notified.size(), 4);
        QCOMPARE(notified.at(3).at(0).toString(), QStringLiteral("1 more replication change"));
        // Then one by one again.
        QTRY_VERIFY((notifier.add(transition(QStringLiteral("e"), RpoState::Healthy, RpoState::Failing)),
            notified.constLast().at(0).toString() == QStringLiteral("e is failing")));
    }

    void aSummaryTellsEachEntryOnceByItsLatestChange()
    {
        FleetNotifier notifier;
        notifier.setWindowMs(300);
        QSignalSpy notified(&notifier, &FleetNotifier::notified);
        for (const char *key : {"a", "b", "c"})
            notifier.add(transition(QLatin1String(key), RpoState::Healthy, RpoState::Late));
        QCOMPARE(notified.size(), 3);
        // Held: d late then critical, e failing then recovered, f late (muted before the summary).
        notifier.add(transition(QStringLiteral("d"), RpoState::Healthy, RpoState::Late));
        notifier.add(transition(QStringLiteral("e"), RpoState::Healthy, RpoState::Failing));
        notifier.add(transition(QStringLiteral("f"), RpoState::Healthy, RpoState::Late));
        notifier.add(transition(QStringLiteral("d"), RpoState::Late, RpoState::Critical));
        notifier.add(transition(QStringLiteral("e"), RpoState::Failing, RpoState::Healthy));
        notifier.setMuted(QStringLiteral("f"), true);
        QCOMPARE(notified.size(), 3);
        QVERIFY(notified.wait(5000));
        QCOMPARE(notified.size(), 4);
        QCOMPARE(notified.at(3).at(0).toString(), QStringLiteral("2 more replication changes"));
        QCOMPARE(notified.at(3).at(1).toString(), QStringLiteral("d is critical\ne recovered"));
        QVERIFY(notified.at(3).at(2).toBool()); // d is still alarming
    }

    void theServiceTellsAndPostsEachTransitionUnlessMuted()
    {
        // FleetService joins the monitor's transitions to the notifier (tray and status bar) and the webhook, and
        // a mute set through it silences both.
        FakeApiServer server;
        server.handler = [](FakeExchange *exchange) { exchange->respond(200, "ok"); };
        QVERIFY(server.listenLoopback());
        FleetService service(nullptr);
        QString error;
        QVERIFY2(service.setWebhookUrl(server.url().toString(), &error), qPrintable(error));
        QSignalSpy notified(&service, &FleetService::notified);
        QSignalSpy delivered(service.webhook(), &FleetWebhook::delivered);
        service.setMuted(QStringLiteral("quiet"), true);
        Q_EMIT service.monitor()->transitioned(transition(QStringLiteral("quiet"), RpoState::Healthy, RpoState::Late));
        Q_EMIT service.monitor()->transitioned(
            transition(QStringLiteral("orders"), RpoState::Healthy, RpoState::Failing));
        QCOMPARE(notified.size(), 1);
        QCOMPARE(notified.at(0).at(0).toString(), QStringLiteral("orders is failing"));
        QVERIFY(notified.at(0).at(2).toBool());
        QVERIFY(delivered.wait(10000));
        // Unmuted: its next change is told and posted.
        service.setMuted(QStringLiteral("quiet"), false);
        Q_EMIT service.monitor()->transitioned(transition(QStringLiteral("quiet"), RpoState::Late, RpoState::Healthy));
        QCOMPARE(notified.size(), 2);
        QCOMPARE(notified.at(1).at(0).toString(), QStringLiteral("quiet recovered"));
        QVERIFY(!notified.at(1).at(2).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 2, 10000);
        QCOMPARE(server.requests.size(), 2);
        QVERIFY(server.requests.at(0).body.contains("\"orders\""));
        QVERIFY(server.requests.at(1).body.contains("\"quiet\""));
    }

    void mutedEntriesAreNotTold()
    {
        FleetNotifier notifier;
        QSignalSpy notified(&notifier, &FleetNotifier::notified);
        notifier.setMuted(QStringLiteral("noisy"), true);
        QVERIFY(notifier.isMuted(QStringLiteral("noisy")));
        notifier.add(transition(QStringLiteral("noisy"), RpoState::Healthy, RpoState::Late));
        QCOMPARE(notified.size(), 0);
        notifier.setMuted(QStringLiteral("noisy"), false);
        notifier.add(transition(QStringLiteral("noisy"), RpoState::Late, RpoState::Critical));
        QCOMPARE(notified.size(), 1);
    }

    void webhookPostsOncePerTransition()
    {
        FakeApiServer server;
        server.handler = [](FakeExchange *exchange) { exchange->respond(200, "ok"); };
        QVERIFY(server.listenLoopback());
        FleetWebhook webhook;
        webhook.setUrl(server.url().resolved(QUrl(QStringLiteral("/hooks/T000/B000/secret-token"))));
        QSignalSpy delivered(&webhook, &FleetWebhook::delivered);
        webhook.send(transition(QStringLiteral("orders"), RpoState::Healthy, RpoState::Late));
        QVERIFY(delivered.wait(10000));
        QCOMPARE(server.requests.size(), 1);
        const FakeRequest &request = server.requests.constFirst();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QStringLiteral("/hooks/T000/B000/secret-token"));
        QCOMPARE(request.header("content-type"), QByteArray("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        QCOMPARE(body.value(QLatin1String("relationship")).toString(), QStringLiteral("orders"));
        QCOMPARE(body.value(QLatin1String("state")).toString(), QStringLiteral("late"));
        QCOMPARE(body.value(QLatin1String("previousState")).toString(), QStringLiteral("healthy"));
        QCOMPARE(body.value(QLatin1String("lagSeconds")).toInt(), 7260);
        QVERIFY(body.value(QLatin1String("text")).toString().contains(QStringLiteral("orders is late")));
    }

    void webhookRetriesOnServerErrorsAndSkipsMuted()
    {
        FakeApiServer server;
        int calls = 0;
        server.handler = [&calls](FakeExchange *exchange) {
            ++calls;
            exchange->respond(calls < 3 ? 503 : 200, "later");
        };
        QVERIFY(server.listenLoopback());
        FleetWebhook webhook;
        webhook.setTimeouts(5000, 10);
        webhook.setUrl(server.url());
        webhook.setMuted({QStringLiteral("quiet")});
        QSignalSpy delivered(&webhook, &FleetWebhook::delivered);
        QSignalSpy failed(&webhook, &FleetWebhook::failed);
        webhook.send(transition(QStringLiteral("quiet"), RpoState::Healthy, RpoState::Late));
        webhook.send(transition(QStringLiteral("orders"), RpoState::Healthy, RpoState::Failing));
        QVERIFY(delivered.wait(10000));
        QCOMPARE(calls, 3); // two 503s, then taken
        QCOMPARE(server.requests.size(), 3);
        for (const FakeRequest &request : std::as_const(server.requests))
            QVERIFY(request.body.contains("\"orders\""));
        QCOMPARE(failed.size(), 0);
    }

    // A webhook that does not answer is given up on after the request timeout, retried, and then reported in words
    // a person reads ("no answer within …", not Qt's "Operation canceled").
    void webhookTimesOutRetriesAndSaysSo()
    {
        FakeApiServer server;
        int calls = 0;
        bool answer = false;
        QList<QPointer<FakeExchange>> held; // never answered (kept open until the test ends)
        server.handler = [&](FakeExchange *exchange) {
            ++calls;
            if (answer && calls == FleetWebhook::kAttempts)
                exchange->respond(200, "ok");
            else
                held.append(exchange);
        };
        QVERIFY(server.listenLoopback());
        FleetWebhook webhook;
        webhook.setTimeouts(300, 10);
        webhook.setUrl(server.url().resolved(QUrl(QStringLiteral("/hooks/secret-token"))));
        QSignalSpy delivered(&webhook, &FleetWebhook::delivered);
        QSignalSpy failed(&webhook, &FleetWebhook::failed);
        webhook.send(transition(QStringLiteral("orders"), RpoState::Healthy, RpoState::Late));
        QVERIFY(failed.wait(20000));
        QCOMPARE(calls, FleetWebhook::kAttempts);
        QCOMPARE(delivered.size(), 0);
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("no answer within 0.3 s")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("secret-token")), qPrintable(message));

        // Two requests time out, the third is taken: delivered, nothing failed.
        calls = 0;
        answer = true;
        failed.clear();
        webhook.send(transition(QStringLiteral("orders"), RpoState::Late, RpoState::Critical));
        QVERIFY(delivered.wait(20000));
        QCOMPARE(calls, FleetWebhook::kAttempts);
        QCOMPARE(failed.size(), 0);
    }

    void webhookGivesUpWithoutShowingSecrets()
    {
        FakeApiServer server;
        server.handler = [](FakeExchange *exchange) { exchange->respond(500, "broken"); };
        QVERIFY(server.listenLoopback());
        FleetWebhook webhook;
        webhook.setTimeouts(5000, 10);
        QUrl url = server.url().resolved(QUrl(QStringLiteral("/services/secret-path")));
        url.setUserInfo(QStringLiteral("bot:hunter2"));
        webhook.setUrl(url);
        QSignalSpy failed(&webhook, &FleetWebhook::failed);
        webhook.send(transition(QStringLiteral("orders"), RpoState::Healthy, RpoState::Late));
        QVERIFY(failed.wait(10000));
        QCOMPARE(server.requests.size(), FleetWebhook::kAttempts);
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("HTTP 500")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("hunter2")) && !message.contains(QStringLiteral("secret-path"))
                && !message.contains(QStringLiteral("bot")),
            qPrintable(message));
        // A 4xx is final: no retry.
        FakeApiServer rejecting;
        rejecting.handler = [](FakeExchange *exchange) { exchange->respond(404, "no"); };
        QVERIFY(rejecting.listenLoopback());
        webhook.setUrl(rejecting.url());
        webhook.send(transition(QStringLiteral("orders"), RpoState::Late, RpoState::Critical));
        QVERIFY(failed.wait(10000));
        QCOMPARE(rejecting.requests.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestFleetNotifications)
#include "test_fleetnotifications.moc"
