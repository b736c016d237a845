// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/relationshipobjectsjob.h"
#include "scheduleeditor.h"
#include "yamldialog.h"
#include "yamlhighlighter.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

class TestScheduleEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validation_data();
    void validation();
    void presets();
    void manualOnly();
    void secretMasked();
};

void TestScheduleEditor::validation_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("words");
    QTest::newRow("every 5") << QStringLiteral("*/5 * * * *") << true << QStringLiteral("5 minutes");
    QTest::newRow("daily") << QStringLiteral("30 2 * * *") << true << QStringLiteral("02:30");
    // Passes upstream's loose check but the CRD refuses it: caught here, before any cluster is touched.
    QTest::newRow("@every") << QStringLiteral("@every 5m") << false << QString();
    QTest::newRow("garbage") << QStringLiteral("every five minutes") << false << QString();
    QTest::newRow("range") << QStringLiteral("61 * * * *") << false << QString();
    QTest::newRow("empty") << QString() << false << QString();
    // Issue 13 item 7: valid cron, but the date never occurs: refused (the schedule dialog's Apply stays off).
    QTest::newRow("never runs") << QStringLiteral("0 0 31 2 *") << false << QString();
}

void TestScheduleEditor::validation()
{
    QFETCH(QString, spec);
    QFETCH(bool, valid);
    QFETCH(QString, words);
    ScheduleEditor editor;
    editor.show();
    auto *cron = editor.findChild<QLineEdit *>(QStringLiteral("cronEdit"));
    QVERIFY(cron);
    cron->setText(spec);
    QCOMPARE(editor.isValid(), valid);
    auto *validation = editor.findChild<QLabel *>(QStringLiteral("scheduleValidation"));
    if (valid) {
        QVERIFY2(editor.descriptionText().contains(words), qPrintable(editor.descriptionText()));
        QCOMPARE(editor.nextRuns().size(), 5);
        for (int i = 1; i < 5; ++i) {
            QVERIFY(editor.nextRuns().at(i) > editor.nextRuns().at(i - 1));
        }
        QVERIFY(editor.nextRuns().first() > QDateTime::currentDateTimeUtc());
        QCOMPARE(editor.cronSpec(), spec);
    } else {
        QVERIFY(!editor.errorText().isEmpty());
        QVERIFY(validation->text().contains(editor.errorText().toHtmlEscaped()));
        QVERIFY(editor.nextRuns().isEmpty());
        QVERIFY2(!validation->text().contains(QLatin1String("Valid")), qPrintable(validation->text()));
    }
}

void TestScheduleEditor::presets()
{
    ScheduleEditor editor;
    auto *preset = editor.findChild<QComboBox *>(QStringLiteral("schedulePreset"));
    auto *cron = editor.findChild<QLineEdit *>(QStringLiteral("cronEdit"));
    const auto list = ScheduleEditor::presets();
    QCOMPARE(list.size(), 4);
    for (int i = 0; i < list.size(); ++i) {
        preset->setCurrentIndex(i);
        QCOMPARE(cron->text(), list.at(i).second);
        QVERIFY(editor.isValid());
    }
    // Typing a preset's spec selects it; anything else is "custom".
    cron->setText(QStringLiteral("*/15 * * * *"));
    QCOMPARE(preset->currentIndex(), 1);
    cron->setText(QStringLiteral("7 * * * *"));
    QCOMPARE(preset->currentIndex(), preset->count() - 1);
}

void TestScheduleEditor::manualOnly()
{
    ScheduleEditor editor;
    QSignalSpy changed(&editor, &ScheduleEditor::changed);
    editor.setCronSpec(QString());
    QVERIFY(editor.isManualOnly());
    QVERIFY(editor.isValid());
    QVERIFY(editor.cronSpec().isEmpty());
    QVERIFY(!editor.findChild<QLineEdit *>(QStringLiteral("cronEdit"))->isEnabled());
    editor.findChild<QRadioButton *>(QStringLiteral("scheduledRadio"))->setChecked(true);
    QVERIFY(!editor.isManualOnly());
    QVERIFY(changed.count() >= 2);
}

void TestScheduleEditor::secretMasked()
{
    QJsonObject secret {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Secret")},
        {QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("name"), QStringLiteral("keys")},
                {QStringLiteral("managedFields"), QJsonObject {{QStringLiteral("x"), 1}}}}},
        {QStringLiteral("data"),
            QJsonObject {{QStringLiteral("source"), QStringLiteral("LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEU=")},
                {QStringLiteral("psk.txt"), QStringLiteral("dm9sc3luYzpzZWNyZXQ=")}}}};
    const QString yaml = RelationshipObjectsJob::toDisplayYaml(secret);
    QVERIFY(!yaml.contains(QLatin1String("LS0tLS1")));
    QVERIFY(!yaml.contains(QLatin1String("dm9sc3lu")));
    QVERIFY(!yaml.contains(QLatin1String("managedFields")));
    QVERIFY2(yaml.contains(QLatin1String("keys")), qPrintable(yaml));
    // Other kinds keep their data.
    secret.insert(QStringLiteral("kind"), QStringLiteral("ConfigMap"));
    QVERIFY(RelationshipObjectsJob::toDisplayYaml(secret).contains(QLatin1String("dm9sc3lu")));

    // The built-in highlighter marks keys.
    QTextDocument document(QStringLiteral("spec:\n  schedule: '*/5 * * * *'\n"));
    YamlHighlighter highlighter(&document);
    highlighter.rehighlight();
    const QList<QTextLayout::FormatRange> formats = document.firstBlock().layout()->formats();
    QVERIFY(!formats.isEmpty());
    QCOMPARE(formats.first().start, 0);
    QCOMPARE(formats.first().length, 4);
}

QTEST_MAIN(TestScheduleEditor)
#include "test_scheduleeditor.moc"
