// SPDX-License-Identifier: GPL-3.0-or-later
#include "scheduleeditor.h"

#include "engine/draftfinding.h"
#include "engine/relationshippreflight.h"

#include "common/cronschedule.h"
#include "engine/replicationvalidation.h"
#include "statusstyle.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRadioButton>
#include <QVBoxLayout>

ScheduleEditor::ScheduleEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("scheduleEditor"));
    mScheduled = new QRadioButton(tr("On a &schedule"), this);
    mScheduled->setObjectName(QStringLiteral("scheduledRadio"));
    mManual = new QRadioButton(tr("&Manual only (sync when I click Sync Now)"), this);
    mManual->setObjectName(QStringLiteral("manualOnlyRadio"));
    auto *group = new QButtonGroup(this);
    group->addButton(mScheduled);
    group->addButton(mManual);
    mScheduled->setChecked(true);

    mPreset = new QComboBox(this);
    mPreset->setObjectName(QStringLiteral("schedulePreset"));
    const auto list = presets();
    for (const auto &preset : list) {
        mPreset->addItem(preset.first, preset.second);
    }
    mPreset->addItem(tr("Custom (cron)"), QString());

    mCron = new QLineEdit(this);
    mCron->setObjectName(QStringLiteral("cronEdit"));
    mCron->setPlaceholderText(QStringLiteral("*/5 * * * *"));
    mCron->setToolTip(tr("Five fields: minute, hour, day of month, month, day of week (times in the cluster's "
                         "time zone, usually UTC)"));
    mCron->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    mDescription = new QLabel(this);
    mDescription->setObjectName(QStringLiteral("scheduleDescription"));
    mDescription->setWordWrap(true);
    mValidation = new QLabel(this);
    mValidation->setObjectName(QStringLiteral("scheduleValidation"));
    mValidation->setWordWrap(true);
    mValidation->setTextFormat(Qt::RichText);
    mNext = new QLabel(this);
    mNext->setObjectName(QStringLiteral("scheduleNextRuns"));
    mNext->setWordWrap(true);
    mNext->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    auto *presetLabel = new QLabel(tr("&Preset:"), this);
    presetLabel->setObjectName(QStringLiteral("schedulePresetLabel"));
    presetLabel->setBuddy(mPreset);
    auto *cronLabel = new QLabel(tr("C&ron:"), this);
    cronLabel->setObjectName(QStringLiteral("cronEditLabel"));
    cronLabel->setBuddy(mCron);
    auto *meaningLabel = new QLabel(tr("Meaning:"), this);
    meaningLabel->setObjectName(QStringLiteral("scheduleDescriptionLabel"));
    auto *nextLabel = new QLabel(tr("Next runs:"), this);
    nextLabel->setObjectName(QStringLiteral("scheduleNextRunsLabel"));
    form->addRow(presetLabel, mPreset);
    form->addRow(cronLabel, mCron);
    form->addRow(meaningLabel, mDescription);
    form->addRow(QString(), mValidation);
    form->addRow(nextLabel, mNext);
    form->setContentsMargins(24, 0, 0, 0);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mScheduled);
    layout->addLayout(form);
    layout->addWidget(mManual);

    connect(mPreset, &QComboBox::currentIndexChanged, this, &ScheduleEditor::onPresetChosen);
    connect(mCron, &QLineEdit::textChanged, this, &ScheduleEditor::update);
    connect(mScheduled, &QRadioButton::toggled, this, &ScheduleEditor::update);
    setCronSpec(QStringLiteral("*/5 * * * *"));
}

QList<QPair<QString, QString>> ScheduleEditor::presets()
{
    return {
        {tr("Every 5 minutes"), QStringLiteral("*/5 * * * *")},
        {tr("Every 15 minutes"), QStringLiteral("*/15 * * * *")},
        {tr("Every hour"), QStringLiteral("0 * * * *")},
        {tr("Every day at 02:00"), QStringLiteral("0 2 * * *")},
    };
}

void ScheduleEditor::onPresetChosen(int index)
{
    if (mUpdatingPreset) {
        return;
    }
    const QString spec = mPreset->itemData(index).toString();
    if (!spec.isEmpty()) {
        mCron->setText(spec);
    } else {
        mCron->setFocus();
    }
}

QString ScheduleEditor::cronSpec() const
{
    return isManualOnly() ? QString() : mCron->text().trimmed();
}

void ScheduleEditor::setCronSpec(const QString &spec)
{
    if (spec.trimmed().isEmpty()) {
        mManual->setChecked(true);
    } else {
        mScheduled->setChecked(true);
        mCron->setText(spec.trimmed());
    }
    update();
}

bool ScheduleEditor::isManualOnly() const
{
    return mManual->isChecked();
}

bool ScheduleEditor::isValid() const
{
    return isManualOnly() || mError.isEmpty();
}

QString ScheduleEditor::descriptionText() const
{
    return mDescription->text();
}

void ScheduleEditor::update()
{
    const bool manual = isManualOnly();
    for (QWidget *w :
        {static_cast<QWidget *>(mPreset), static_cast<QWidget *>(mCron), static_cast<QWidget *>(mDescription),
            static_cast<QWidget *>(mNext), static_cast<QWidget *>(mValidation)}) {
        w->setEnabled(!manual);
    }
    const QString spec = mCron->text().trimmed();

    // Keep the preset box in step with the text.
    mUpdatingPreset = true;
    int presetIndex = mPreset->count() - 1;
    for (int i = 0; i < mPreset->count() - 1; ++i) {
        if (mPreset->itemData(i).toString() == spec) {
            presetIndex = i;
        }
    }
    mPreset->setCurrentIndex(presetIndex);
    mUpdatingPreset = false;

    mError.clear();
    mNextRuns.clear();
    if (manual) {
        mDescription->setText(tr("no schedule"));
        mValidation->clear();
        mNext->setText(tr("only when you click Sync Now"));
        Q_EMIT changed();
        return;
    }
    QString engineError;
    const CronSchedule schedule = CronSchedule::parse(spec);
    if (spec.isEmpty()) {
        mError = tr("Enter a cron schedule, pick a preset, or choose manual only.");
    } else if (!ReplicationValidation::cronSpec(spec, &engineError)) {
        mError = DraftFinding::sentence(engineError);
    } else if (!schedule.isValid()) {
        mError = DraftFinding::sentence(schedule.errorString());
    } else if (const auto never = RelationshipPreflight::neverRuns(spec)) {
        // Valid cron, but no date matches: VolSync would never sync.
        mError = DraftFinding::sentence(*never);
    }
    if (mError.isEmpty()) {
        mDescription->setText(schedule.description());
        mValidation->setText(StatusStyle::badgeHtml(
            StatusStyle::Kind::Ok, tr("Valid: VolSync accepts this schedule (times are UTC)"), palette()));
        mNextRuns = schedule.nextRuns(QDateTime::currentDateTimeUtc(), 5);
        QStringList lines;
        for (const QDateTime &run : std::as_const(mNextRuns)) {
            lines.append(QLocale().toString(run.toLocalTime(), QStringLiteral("ddd yyyy-MM-dd HH:mm")));
        }
        mNext->setText(lines.isEmpty() ? tr("never (this date does not occur)") : lines.join(QLatin1Char('\n')));
    } else {
        mDescription->setText(schedule.isValid() ? schedule.description() : QStringLiteral("—"));
        mValidation->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, mError, palette()));
        mNext->setText(QStringLiteral("—"));
    }
    Q_EMIT changed();
}
