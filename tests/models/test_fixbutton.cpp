// SPDX-License-Identifier: GPL-3.0-or-later
// The one mapping from a finding's fix to the GUI's button and click (dashboard and Troubleshoot tab). No simulator.
#include "models/fixbutton.h"

#include <QTest>

class TestFixButton : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachActionHasItsButton()
    {
        ReplicationFix fix;
        fix.relationship = QStringLiteral("web");
        QCOMPARE(FixButton::of(fix, true).click, FixButton::Click::Nothing);
        QVERIFY(FixButton::of(fix, true).text.isEmpty());

        fix.action = ReplicationFix::Action::SetUp;
        QCOMPARE(FixButton::of(fix, false).click, FixButton::Click::OpenSetUp);
        QCOMPARE(FixButton::of(fix, false).text, QStringLiteral("Set Up…"));

        fix.action = ReplicationFix::Action::Apply;
        FixButton apply = FixButton::of(fix, true);
        QCOMPARE(apply.click, FixButton::Click::RunEngine);
        QCOMPARE(apply.text, QStringLiteral("Apply Again"));
        QCOMPARE(apply.operationText, QStringLiteral("Applying web again to fix its problems"));

        fix.action = ReplicationFix::Action::AnnotateAndApply;
        QCOMPARE(FixButton::of(fix, true).click, FixButton::Click::RunEngine);
        QCOMPARE(FixButton::of(fix, true).text, QStringLiteral("Annotate Namespaces and Apply"));

        fix.action = ReplicationFix::Action::UnlockRestic;
        fix.object.context = QStringLiteral("east");
        fix.object.namespaceName = QStringLiteral("apps");
        fix.object.name = QStringLiteral("web-backup");
        const FixButton unlock = FixButton::of(fix, false);
        QCOMPARE(unlock.click, FixButton::Click::RunEngine);
        QCOMPARE(unlock.text, QStringLiteral("Unlock Repository"));
        QVERIFY2(unlock.operationText.contains(fix.object.toString()), qPrintable(unlock.operationText));
    }

    void debugMoverCommandLine()
    {
        // The CLI's own verb: by relationship and side, or by object for an RS/RD no relationship file names.
        ReplicationFix fix;
        fix.action = ReplicationFix::Action::SetDebugMover;
        fix.relationship = QStringLiteral("web");
        fix.objectKind = QStringLiteral("ReplicationDestination");
        fix.object = ObjectName {QStringLiteral("east"), QStringLiteral("apps"), QStringLiteral("web-dst")};
        fix.enable = true;
        QCOMPARE(fix.commandLine(), QStringLiteral("volsyncctl replication -r web debug-mover on --side destination"));
        fix.relationship.clear();
        fix.objectKind = QStringLiteral("ReplicationSource");
        fix.enable = false;
        QCOMPARE(
            fix.commandLine(), QStringLiteral("volsyncctl replication debug-mover off --object east/apps/rs/web-dst"));
        fix.object.context.clear();
        QCOMPARE(fix.commandLine(), QStringLiteral("volsyncctl replication debug-mover off --object apps/rs/web-dst"));
    }

    void anUnfinishedRelationshipOpensTheWizardInsteadOfApplying()
    {
        ReplicationFix fix;
        fix.relationship = QStringLiteral("web");
        fix.action = ReplicationFix::Action::Apply;
        const FixButton button = FixButton::of(fix, false);
        QCOMPARE(button.click, FixButton::Click::OpenSetUp);
        QCOMPARE(button.text, QStringLiteral("Apply Again"));
        QVERIFY(button.operationText.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFixButton)
#include "test_fixbutton.moc"
