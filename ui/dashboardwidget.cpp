// SPDX-License-Identifier: GPL-3.0-or-later
#include "dashboardwidget.h"

#include "common/cronschedule.h"
#include "engine/relationshipmonitor.h"
#include "engine/replicationapplyjob.h"
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "models/activitylogmodel.h"
#include "models/relationshipsmodel.h"
#include "sparklinewidget.h"
#include "statusstyle.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace {

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("—") : text;
}

QString optionalText(const std::optional<QString> &value, const QString &unset)
{
    return value && !value->isEmpty() ? *value : unset;
}

/// "3 min 12 s", "2 h 5 min", "45 s".
QString humanDuration(qint64 seconds)
{
    if (seconds >= -5 && seconds < 0) {
        return DashboardWidget::tr("just now");
    }
    const bool negative = seconds < 0;
    seconds = qAbs(seconds);
    QString text;
    if (seconds < 60) {
        text = DashboardWidget::tr("%1 s").arg(seconds);
    } else if (seconds < 3600) {
        text = DashboardWidget::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    } else if (seconds < 86400) {
        text = DashboardWidget::tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
    } else {
        text = DashboardWidget::tr("%1 d %2 h").arg(seconds / 86400).arg((seconds % 86400) / 3600);
    }
    return negative ? QStringLiteral("-") + text : text;
}

QString localTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

DashboardWidget::DashboardWidget(ActivityLogModel *log, QWidget *parent)
    : QWidget(parent)
    , mLog(log)
    , mTick(new QTimer(this))
{
    setObjectName(QStringLiteral("dashboard"));
    mTick->setInterval(1000);
    connect(mTick, &QTimer::timeout, this, &DashboardWidget::refreshCountdown);
    mTick->start();
    buildUi();
    refresh();
}

DashboardWidget::~DashboardWidget()
{
    if (mSyncJob) {
        mSyncJob->disconnect(this);
        mSyncJob->cancel();
    }
}

QLabel *DashboardWidget::addField(QFormLayout *form, const QString &label, const QString &objectName)
{
    auto *value = new QLabel(this);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    auto *caption = new QLabel(label, this);
    caption->setObjectName(objectName + QStringLiteral("Label"));
    caption->setBuddy(value);
    form->addRow(caption, value);
    return value;
}

void DashboardWidget::buildUi()
{
    mStack = new QStackedWidget(this);
    mStack->setObjectName(QStringLiteral("dashboardStack"));

    // Empty state.
    mEmptyPage = new QWidget(mStack);
    mEmptyPage->setObjectName(QStringLiteral("dashboardEmptyPage"));
    auto *emptyText = new QLabel(tr("<h3>No relationship selected</h3>"
                                    "<p>A relationship copies one PVC to another namespace or cluster with VolSync.</p>"
                                    "<p>Pick one on the left, or set up a new one.</p>"),
        mEmptyPage);
    emptyText->setObjectName(QStringLiteral("dashboardEmptyText"));
    emptyText->setAlignment(Qt::AlignCenter);
    emptyText->setWordWrap(true);
    auto *newButton
        = new QPushButton(QIcon(QStringLiteral(":/icons/actions/add.svg")), tr("&New Relationship…"), mEmptyPage);
    newButton->setObjectName(QStringLiteral("dashboardNewButton"));
    connect(newButton, &QPushButton::clicked, this, &DashboardWidget::newRelationshipRequested);
    auto *emptyLayout = new QVBoxLayout(mEmptyPage);
    emptyLayout->addStretch();
    emptyLayout->addWidget(emptyText);
    emptyLayout->addWidget(newButton, 0, Qt::AlignHCenter);
    emptyLayout->addStretch();
    mStack->addWidget(mEmptyPage);

    // The dashboard itself, in a scroll area.
    auto *scroll = new QScrollArea(mStack);
    scroll->setObjectName(QStringLiteral("dashboardScrollArea"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    mPage = new QWidget(scroll);
    mPage->setObjectName(QStringLiteral("dashboardPage"));
    scroll->setWidget(mPage);
    mStack->addWidget(scroll);

    // Header: name, badge, actions.
    mTitle = new QLabel(mPage);
    mTitle->setObjectName(QStringLiteral("relationshipTitle"));
    QFont titleFont = mTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    mTitle->setFont(titleFont);
    mBadge = new QLabel(mPage);
    mBadge->setObjectName(QStringLiteral("statusBadge"));
    mBadge->setTextFormat(Qt::RichText);

    mSyncButton = new QPushButton(QIcon(QStringLiteral(":/icons/actions/sync.svg")), tr("&Sync Now"), mPage);
    mSyncButton->setObjectName(QStringLiteral("syncNowButton"));
    mSyncButton->setToolTip(tr("Start a sync now; the schedule stays as it is"));
    mScheduleButton = new QPushButton(QIcon(QStringLiteral(":/icons/actions/schedule.svg")), tr("Sc&hedule…"), mPage);
    mScheduleButton->setObjectName(QStringLiteral("scheduleButton"));
    mYamlButton = new QPushButton(tr("&YAML…"), mPage);
    mYamlButton->setObjectName(QStringLiteral("yamlButton"));
    mYamlButton->setToolTip(tr("Show the live ReplicationSource, ReplicationDestination and relationship file"));
    mDeleteButton = new QPushButton(QIcon(QStringLiteral(":/icons/actions/delete.svg")), tr("&Delete…"), mPage);
    mDeleteButton->setObjectName(QStringLiteral("deleteButton"));
    connect(mSyncButton, &QPushButton::clicked, this, &DashboardWidget::syncNow);
    connect(mScheduleButton, &QPushButton::clicked, this, &DashboardWidget::scheduleEditRequested);
    connect(mYamlButton, &QPushButton::clicked, this, &DashboardWidget::yamlRequested);
    connect(mDeleteButton, &QPushButton::clicked, this, &DashboardWidget::deleteRequested);

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(mTitle);
    titleRow->addSpacing(12);
    titleRow->addWidget(mBadge);
    titleRow->addStretch();
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(mSyncButton);
    buttonRow->addWidget(mScheduleButton);
    buttonRow->addWidget(mYamlButton);
    buttonRow->addStretch();
    buttonRow->addWidget(mDeleteButton);
    auto *header = new QVBoxLayout;
    header->addLayout(titleRow);
    header->addLayout(buttonRow);

    mSyncReason = new QLabel(mPage);
    mSyncReason->setObjectName(QStringLiteral("syncDisabledReason"));
    mSyncReason->setForegroundRole(QPalette::PlaceholderText);
    mSyncReason->setWordWrap(true);

    // Sync progress.
    mProgressRow = new QWidget(mPage);
    mProgressRow->setObjectName(QStringLiteral("syncProgressRow"));
    mProgress = new QProgressBar(mProgressRow);
    mProgress->setObjectName(QStringLiteral("syncProgress"));
    mProgress->setRange(0, 0);
    mProgress->setTextVisible(false);
    mProgress->setMaximumWidth(160);
    mProgressStep = new QLabel(mProgressRow);
    mProgressStep->setObjectName(QStringLiteral("syncProgressStep"));
    mProgressStep->setWordWrap(true);
    mProgressElapsed = new QLabel(mProgressRow);
    mProgressElapsed->setObjectName(QStringLiteral("syncElapsed"));
    mCancelButton = new QPushButton(tr("&Cancel Sync"), mProgressRow);
    mCancelButton->setObjectName(QStringLiteral("cancelSyncButton"));
    connect(mCancelButton, &QPushButton::clicked, this, &DashboardWidget::cancelSync);
    auto *progressLayout = new QHBoxLayout(mProgressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(mProgress);
    progressLayout->addWidget(mProgressStep, 1);
    progressLayout->addWidget(mProgressElapsed);
    progressLayout->addWidget(mCancelButton);
    mProgressRow->setVisible(false);

    mSyncResult = new QLabel(mPage);
    mSyncResult->setObjectName(QStringLiteral("syncResult"));
    mSyncResult->setTextFormat(Qt::RichText);
    mSyncResult->setWordWrap(true);
    mSyncResult->setVisible(false);

    // Problems.
    mProblemsBox = new QGroupBox(tr("Needs attention"), mPage);
    mProblemsBox->setObjectName(QStringLiteral("problemsBox"));
    mProblemsLayout = new QVBoxLayout(mProblemsBox);

    // Cards.
    auto *sourceBox = new QGroupBox(tr("Source"), mPage);
    sourceBox->setObjectName(QStringLiteral("sourceCard"));
    auto *sourceForm = new QFormLayout(sourceBox);
    mSourceCluster = addField(sourceForm, tr("Cluster:"), QStringLiteral("sourceCluster"));
    mSourceNamespace = addField(sourceForm, tr("Namespace:"), QStringLiteral("sourceNamespace"));
    mSourcePvc = addField(sourceForm, tr("Volume (PVC):"), QStringLiteral("sourcePvc"));
    mSourceCopyMethod = addField(sourceForm, tr("Copy method:"), QStringLiteral("sourceCopyMethod"));
    mSourceClasses = addField(sourceForm, tr("Classes:"), QStringLiteral("sourceClasses"));

    auto *destinationBox = new QGroupBox(tr("Destination"), mPage);
    destinationBox->setObjectName(QStringLiteral("destinationCard"));
    auto *destinationForm = new QFormLayout(destinationBox);
    mDestinationCluster = addField(destinationForm, tr("Cluster:"), QStringLiteral("destinationCluster"));
    mDestinationNamespace = addField(destinationForm, tr("Namespace:"), QStringLiteral("destinationNamespace"));
    mDestinationName = addField(destinationForm, tr("Name:"), QStringLiteral("destinationName"));
    mDestinationCopyMethod = addField(destinationForm, tr("Copy method:"), QStringLiteral("destinationCopyMethod"));
    mDestinationClasses = addField(destinationForm, tr("Classes:"), QStringLiteral("destinationClasses"));
    mDestinationService = addField(destinationForm, tr("Service:"), QStringLiteral("destinationService"));
    mDestinationAddress = addField(destinationForm, tr("Address:"), QStringLiteral("destinationAddress"));

    auto *cards = new QHBoxLayout;
    cards->addWidget(sourceBox, 1);
    cards->addWidget(destinationBox, 1);

    // Timings and chart.
    auto *timingBox = new QGroupBox(tr("Synchronization"), mPage);
    timingBox->setObjectName(QStringLiteral("timingCard"));
    auto *timingForm = new QFormLayout;
    mSchedule = addField(timingForm, tr("Schedule:"), QStringLiteral("scheduleText"));
    mLastSync = addField(timingForm, tr("Last sync:"), QStringLiteral("lastSyncText"));
    // VolSync's status.lastSyncDuration: the mover's run, not the wall time of a Sync now (see onSyncNow).
    mDuration = addField(timingForm, tr("Mover took:"), QStringLiteral("durationText"));
    mDuration->setToolTip(tr("How long the last mover run took, as reported by VolSync (status.lastSyncDuration)"));
    mNextSync = addField(timingForm, tr("Next sync:"), QStringLiteral("nextSyncText"));
    mLastManual = addField(timingForm, tr("Last manual sync:"), QStringLiteral("lastManualSyncText"));
    mLatestImage = addField(timingForm, tr("Latest copy:"), QStringLiteral("latestImageText"));
    mChart = new SparklineWidget(timingBox);
    mHistorySummary = new QLabel(timingBox);
    mHistorySummary->setObjectName(QStringLiteral("historySummary"));
    mHistorySummary->setForegroundRole(QPalette::PlaceholderText);
    auto *chartCaption = new QLabel(tr("Recent syncs (height = duration):"), timingBox);
    chartCaption->setObjectName(QStringLiteral("syncChartCaption"));
    auto *chartColumn = new QVBoxLayout;
    chartColumn->addWidget(chartCaption);
    chartColumn->addWidget(mChart);
    chartColumn->addWidget(mHistorySummary);
    chartColumn->addStretch();
    auto *timingLayout = new QHBoxLayout(timingBox);
    timingLayout->addLayout(timingForm, 3);
    timingLayout->addLayout(chartColumn, 2);

    // Conditions.
    auto *conditionsBox = new QGroupBox(tr("Conditions reported by VolSync"), mPage);
    conditionsBox->setObjectName(QStringLiteral("conditionsCard"));
    mConditions = new QTableWidget(0, 7, conditionsBox);
    mConditions->setObjectName(QStringLiteral("conditionsTable"));
    mConditions->setHorizontalHeaderLabels(
        {tr("Side"), tr("Type"), tr("Status"), tr("Reason"), tr("Message"), tr("Changed"), tr("Age")});
    mConditions->verticalHeader()->hide();
    mConditions->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mConditions->setSelectionBehavior(QAbstractItemView::SelectRows);
    mConditions->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mConditions->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    mConditions->setMinimumHeight(90);
    mConditions->setMaximumHeight(150);
    auto *conditionsLayout = new QVBoxLayout(conditionsBox);
    conditionsLayout->addWidget(mConditions);

    // Mover.
    auto *moverBox = new QGroupBox(tr("Last mover run"), mPage);
    moverBox->setObjectName(QStringLiteral("moverCard"));
    mMoverResult = new QLabel(moverBox);
    mMoverResult->setObjectName(QStringLiteral("moverResult"));
    mMoverResult->setTextFormat(Qt::RichText);
    mMoverLogs = new QPlainTextEdit(moverBox);
    mMoverLogs->setObjectName(QStringLiteral("moverLogs"));
    mMoverLogs->setReadOnly(true);
    mMoverLogs->setMaximumHeight(110);
    mMoverLogs->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mMoverLogs->setPlaceholderText(tr("No mover logs yet."));
    auto *moverLayout = new QVBoxLayout(moverBox);
    moverLayout->addWidget(mMoverResult);
    moverLayout->addWidget(mMoverLogs);

    auto *page = new QVBoxLayout(mPage);
    page->addLayout(header);
    page->addWidget(mSyncReason);
    page->addWidget(mProgressRow);
    page->addWidget(mSyncResult);
    page->addWidget(mProblemsBox);
    page->addLayout(cards);
    page->addWidget(timingBox);
    page->addWidget(conditionsBox);
    page->addWidget(moverBox);
    page->addStretch();

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(mStack);
}

void DashboardWidget::setEngine(ReplicationEngine *engine, RelationshipsModel *model)
{
    if (mSyncJob && engine != mEngine) {
        mSyncJob->disconnect(this);
        mSyncJob->cancel();
        mSyncJob = nullptr;
    }
    if (mModel) {
        mModel->disconnect(this);
    }
    mEngine = engine;
    mModel = model;
    if (mModel) {
        connect(mModel, &RelationshipsModel::statusChanged, this, [this](const QString &name) {
            if (name == mName) {
                refresh();
            }
        });
        connect(mModel, &RelationshipsModel::syncObserved, this, [this](const QString &name) {
            if (name == mName) {
                refreshHistory();
            }
        });
        connect(mModel, &RelationshipsModel::reloaded, this, &DashboardWidget::refresh);
    }
    mName.clear();
    refresh();
}

void DashboardWidget::setRelationship(const QString &name)
{
    if (name == mName) {
        return;
    }
    mName = name;
    mSyncResult->setVisible(false);
    refresh();
    refreshHistory();
    // Another relationship starts at its top (name, state, problems), not where the last one was scrolled to.
    if (auto *scroll = findChild<QScrollArea *>(QStringLiteral("dashboardScrollArea")))
        scroll->verticalScrollBar()->setValue(0);
}

void DashboardWidget::refresh()
{
    if (!mModel || mName.isEmpty() || mModel->rowOf(mName) < 0) {
        mStack->setCurrentWidget(mEmptyPage);
        mStatus = ReplicationStatus();
        updateButtons();
        return;
    }
    mStack->setCurrentIndex(1);
    const ReplicationRelationship rel = mModel->relationship(mName);
    const int row = mModel->rowOf(mName);
    const QModelIndex index = mModel->index(row, 0);
    mStatus = mModel->status(mName);
    const QString fileError = index.data(RelationshipsModel::FileErrorRole).toString();
    const auto badge = RelationshipsModel::Badge(index.data(RelationshipsModel::BadgeRole).toInt());

    mTitle->setText(mName);
    QString badgeText = RelationshipsModel::badgeText(badge);
    if (!index.data(RelationshipsModel::ReadyRole).toBool() && fileError.isEmpty()) {
        badgeText += tr(" (checking the clusters…)");
    }
    mBadge->setText(StatusStyle::badgeHtml(StatusStyle::kindForBadge(badge), badgeText, palette()));

    // Problems with their offered fixes.
    while (QLayoutItem *item = mProblemsLayout->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            w->deleteLater();
        }
        delete item->layout();
        delete item;
    }
    QStringList problems = mStatus.problems;
    if (!fileError.isEmpty() && !problems.contains(fileError)) {
        problems.prepend(fileError);
    }
    for (const QString &problem : std::as_const(problems)) {
        auto *line = new QWidget(mProblemsBox);
        line->setObjectName(QStringLiteral("problemLine"));
        // The engine's texts end with the volsyncctl command that fixes them; here the button beside does that.
        static const QRegularExpression cliHint(
            QStringLiteral(R"(: run "replication [a-z-]+"(?: or "replication [a-z-]+")?.*$)"));
        QString shown = problem;
        shown.replace(cliHint, QString());
        if (!shown.isEmpty())
            shown[0] = shown.at(0).toUpper();
        auto *text = new QLabel(StatusStyle::badgeHtml(StatusStyle::Kind::Warning, shown, palette()), line);
        text->setToolTip(problem);
        text->setObjectName(QStringLiteral("problemText"));
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *lineLayout = new QHBoxLayout(line);
        lineLayout->setContentsMargins(0, 0, 0, 0);
        lineLayout->addWidget(text, 1);
        QString fixText;
        if (problem.contains(QLatin1String("set-source")) || problem.contains(QLatin1String("set-destination"))) {
            fixText = tr("Set Up…");
        } else if (problem.contains(QLatin1String("privileged-movers"))) {
            fixText = tr("Annotate Namespaces and Apply");
        } else if (problem.contains(QLatin1String("\"replication schedule\""))) {
            fixText = tr("Apply Again");
        }
        if (!fixText.isEmpty() && rel.isComplete()) {
            auto *fix = new QPushButton(fixText, line);
            fix->setObjectName(QStringLiteral("problemFixButton"));
            connect(fix, &QPushButton::clicked, this, [this, problem]() { fixProblem(problem); });
            lineLayout->addWidget(fix);
        } else if (!fixText.isEmpty()) {
            auto *fix = new QPushButton(fixText, line);
            fix->setObjectName(QStringLiteral("problemFixButton"));
            // An unfinished relationship: the wizard opens on it and finishes it.
            const QString name = mName;
            connect(fix, &QPushButton::clicked, this, [this, name]() { Q_EMIT setUpRequested(name); });
            lineLayout->addWidget(fix);
        }
        mProblemsLayout->addWidget(line);
    }
    mProblemsBox->setVisible(!problems.isEmpty());

    // Cards.
    const QString current = tr("current context");
    if (rel.source) {
        const ReplicationSourceSide &s = *rel.source;
        mSourceCluster->setText(s.cluster.isEmpty() ? current : s.cluster);
        mSourceNamespace->setText(orDash(s.namespaceName));
        mSourcePvc->setText(orDash(s.pvcName));
        mSourceCopyMethod->setText(orDash(s.copyMethod));
        mSourceClasses->setText(tr("storage: %1, snapshots: %2")
                                    .arg(optionalText(s.storageClassName, tr("default")),
                                        optionalText(s.volumeSnapshotClassName, tr("default"))));
    } else {
        for (QLabel *label : {mSourceCluster, mSourceNamespace, mSourcePvc, mSourceCopyMethod, mSourceClasses}) {
            label->setText(QStringLiteral("—"));
        }
        mSourceCluster->setText(tr("not set yet"));
    }
    if (rel.destination) {
        const ReplicationDestinationSide &d = *rel.destination;
        mDestinationCluster->setText(d.cluster.isEmpty() ? current : d.cluster);
        mDestinationNamespace->setText(orDash(d.namespaceName));
        mDestinationName->setText(orDash(d.rdName));
        mDestinationCopyMethod->setText(orDash(d.copyMethod));
        mDestinationClasses->setText(tr("storage: %1, snapshots: %2")
                                         .arg(optionalText(d.storageClassName, tr("default")),
                                             optionalText(d.volumeSnapshotClassName, tr("default"))));
        mDestinationService->setText(optionalText(d.serviceType, QStringLiteral("ClusterIP"))
            + (rel.rsyncTls ? tr(", rsync over TLS") : tr(", rsync over SSH")));
    } else {
        for (QLabel *label : {mDestinationCluster, mDestinationNamespace, mDestinationName, mDestinationCopyMethod,
                 mDestinationClasses, mDestinationService}) {
            label->setText(QStringLiteral("—"));
        }
        mDestinationCluster->setText(tr("not set yet"));
    }
    mDestinationAddress->setText(mStatus.address.isEmpty() ? tr("not published yet") : mStatus.address);

    // Timings. While Sync Now runs, the source is on a manual trigger; the schedule comes back afterwards.
    const bool schedulePaused
        = mSyncJob && mSyncJobName == mName && mStatus.schedule.isEmpty() && !mScheduleKept.isEmpty();
    const QString schedule = schedulePaused ? mScheduleKept : mStatus.schedule;
    if (schedule.isEmpty()) {
        mSchedule->setText(tr("manual only (no schedule)"));
    } else {
        const volsync::CronSchedule cron = volsync::CronSchedule::parse(schedule);
        QString text = cron.isValid() ? tr("%1  (%2)").arg(cron.description(), schedule)
                                      : tr("%1 (not a valid schedule: %2)").arg(schedule, cron.errorString());
        if (schedulePaused)
            text += tr(" — paused while Sync Now runs, restored when it ends");
        mSchedule->setText(text);
    }
    mLastSync->setText(mStatus.lastSyncTime.isValid() ? localTime(mStatus.lastSyncTime) : tr("never"));
    mDuration->setText(mStatus.lastSyncDurationMs >= 0
            ? tr("%1 s").arg(QLocale().toString(mStatus.lastSyncDurationMs / 1000.0, 'f', 1))
            : QStringLiteral("—"));
    const QDateTime manual = QDateTime::fromString(mStatus.lastManualSync, Qt::ISODateWithMs);
    mLastManual->setText(manual.isValid() ? localTime(manual) : orDash(mStatus.lastManualSync));
    mLatestImage->setText(mStatus.latestImageName.isEmpty()
            ? tr("none yet")
            : tr("%1 %2").arg(mStatus.latestImageKind, mStatus.latestImageName));
    refreshCountdown();

    // Conditions.
    struct SideCondition {
        QString side;
        ReplicationCondition condition;
    };
    QList<SideCondition> conditions;
    for (const ReplicationCondition &c : std::as_const(mStatus.sourceConditions)) {
        conditions.append({tr("Source"), c});
    }
    for (const ReplicationCondition &c : std::as_const(mStatus.destinationConditions)) {
        conditions.append({tr("Destination"), c});
    }
    mConditions->setRowCount(int(conditions.size()));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < conditions.size(); ++i) {
        const SideCondition &sc = conditions.at(i);
        const QStringList cells
            = {sc.side, sc.condition.type, sc.condition.status, sc.condition.reason, sc.condition.message,
                sc.condition.lastTransitionTime.isValid() ? localTime(sc.condition.lastTransitionTime) : QString(),
                sc.condition.lastTransitionTime.isValid() ? humanDuration(sc.condition.lastTransitionTime.secsTo(now))
                                                          : QString()};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(cells.at(c));
            mConditions->setItem(i, c, item);
        }
    }

    // Mover.
    if (mStatus.moverStatus) {
        const bool ok = mStatus.moverStatus->result == QLatin1String("Successful");
        mMoverResult->setText(StatusStyle::badgeHtml(ok ? StatusStyle::Kind::Ok : StatusStyle::Kind::Error,
            ok ? tr("The last run succeeded")
               : tr("The last run failed (VolSync retries with a growing pause; the log tells why)"),
            palette()));
        mMoverLogs->setPlainText(mStatus.moverStatus->logs);
    } else {
        mMoverResult->setText(tr("The mover has not reported a result yet."));
        mMoverLogs->clear();
    }
    updateButtons();
}

void DashboardWidget::refreshCountdown()
{
    if (mSyncJob) {
        mProgressElapsed->setText(tr("elapsed %1").arg(humanDuration(mSyncElapsed.elapsed() / 1000)));
    }
    if (mName.isEmpty()) {
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (mStatus.phase == ReplicationStatus::Phase::Syncing && mStatus.lastSyncStartTime.isValid()) {
        mNextSync->setText(
            tr("running now (started %1 ago)").arg(humanDuration(mStatus.lastSyncStartTime.secsTo(now))));
    } else if (mStatus.nextSyncTime.isValid()) {
        const qint64 seconds = now.secsTo(mStatus.nextSyncTime);
        mNextSync->setText(seconds >= 0 ? tr("%1 (in %2)").arg(localTime(mStatus.nextSyncTime), humanDuration(seconds))
                                        : tr("%1 (due)").arg(localTime(mStatus.nextSyncTime)));
    } else {
        mNextSync->setText(mStatus.schedule.isEmpty() ? tr("only when you sync") : QStringLiteral("—"));
    }
}

void DashboardWidget::refreshHistory()
{
    QList<SyncRecord> records;
    if (mModel && !mName.isEmpty()) {
        const ReplicationRelationship rel = mModel->relationship(mName);
        // The monitor's copy is current at once (it writes the file in the background) and costs no disk read.
        if (RelationshipMonitor *monitor = mModel->monitor(mName)) {
            records = monitor->history();
        } else if (!rel.id.isEmpty()) {
            records = mModel->history().records(rel.id);
        }
    }
    mChart->setRecords(records);
    mHistorySummary->setText(mChart->summary());
}

bool DashboardWidget::canSync(QString *reason) const
{
    QString why;
    if (!mEngine || !mModel || mName.isEmpty()) {
        why = tr("Select a relationship first.");
    } else if (mSyncJob) {
        why = tr("A sync you started is running.");
    } else if (mStatus.phase == ReplicationStatus::Phase::Syncing) {
        why = tr("A sync is already running on the cluster.");
    } else if (!mModel->relationship(mName).isComplete()) {
        why = tr("Set the source and the destination first.");
    }
    if (reason) {
        *reason = why;
    }
    return why.isEmpty();
}

void DashboardWidget::updateButtons()
{
    QString reason;
    const bool can = canSync(&reason);
    mSyncButton->setEnabled(can);
    mSyncButton->setToolTip(can ? tr("Start a sync now; the schedule stays as it is") : reason);
    mSyncReason->setText(can || mName.isEmpty() ? QString() : tr("Sync Now is not available: %1").arg(reason));
    mSyncReason->setVisible(!can && !mName.isEmpty());
    const bool has = mModel && !mName.isEmpty();
    mScheduleButton->setEnabled(has && !mSyncJob);
    mDeleteButton->setEnabled(has && !mSyncJob);
    mYamlButton->setEnabled(has);
    Q_EMIT syncStateChanged();
}

void DashboardWidget::syncNow()
{
    QString reason;
    if (!canSync(&reason)) {
        return;
    }
    SyncOptions options;
    options.keepSchedule = true;
    ReplicationJob *job = mEngine->sync(mName, options);
    mScheduleKept = mStatus.schedule;
    mSyncJob = job;
    mSyncJobName = mName;
    mSyncElapsed.start();
    mProgressRow->setVisible(true);
    mSyncResult->setVisible(false);
    mProgressStep->setText(tr("Starting…"));
    mCancelButton->setEnabled(true);
    const QString name = mName;
    mLog->append(ActivityLogModel::Level::Info, name, tr("Sync now of %1 (the schedule is kept)").arg(name));
    connect(job, &ReplicationJob::progress, this, [this, name](ReplicationJob::Step, const QString &message) {
        if (name == mName) {
            mProgressStep->setText(message);
        }
        mLog->append(ActivityLogModel::Level::Info, name, message);
    });
    connect(job, &ReplicationJob::objectChanged, this, [this, name](const ObjectResult &object) {
        mLog->append(object.action == ObjectResult::Action::Failed ? ActivityLogModel::Level::Error
                                                                   : ActivityLogModel::Level::Info,
            object.cluster.isEmpty() ? name : object.cluster, object.toString());
    });
    if (auto *apply = qobject_cast<ReplicationApplyJob *>(job)) {
        connect(apply, &ReplicationApplyJob::moverFailed, this, [this, name](int attempt, const QString &lastLogLines) {
            mLog->append(ActivityLogModel::Level::Warning, name,
                tr("The mover failed (attempt %1); VolSync retries. Last log lines: %2")
                    .arg(attempt)
                    .arg(lastLogLines));
            if (name == mName) {
                mProgressStep->setText(tr("The mover failed (attempt %1); VolSync is retrying…").arg(attempt));
            }
        });
    }
    connect(job, &ReplicationJob::finished, this, [this, job, name]() {
        const ReplicationResult result = job->result();
        const qint64 ms = mSyncElapsed.elapsed();
        const QString took = QLocale().toString(ms / 1000.0, 'f', 1);
        QString summary;
        StatusStyle::Kind kind = StatusStyle::Kind::Ok;
        ActivityLogModel::Level level = ActivityLogModel::Level::Success;
        switch (result.status) {
        case ReplicationResult::Status::Succeeded:
            // Wall time seen by the app: waiting for the mover to start is included ("Mover took" is not).
            summary = tr("Sync now finished after %1 s (waiting for the mover included).").arg(took);
            break;
        case ReplicationResult::Status::Cancelled:
            summary = tr("Sync cancelled after %1 s. The schedule is unchanged; VolSync may still finish the "
                         "sync it started.")
                          .arg(took);
            kind = StatusStyle::Kind::Warning;
            level = ActivityLogModel::Level::Warning;
            break;
        case ReplicationResult::Status::Failed:
        case ReplicationResult::Status::Invalid:
            summary = tr("Sync failed after %1 s: %2").arg(took, result.error);
            kind = StatusStyle::Kind::Error;
            level = ActivityLogModel::Level::Error;
            break;
        }
        mLog->append(level, name, summary);
        for (const QString &note : result.notes) {
            mLog->append(ActivityLogModel::Level::Info, name, note);
        }
        mSyncJob = nullptr;
        job->deleteLater();
        mProgressRow->setVisible(false);
        if (name == mName) {
            mSyncResult->setText(StatusStyle::badgeHtml(kind, summary, palette()));
            mSyncResult->setVisible(true);
        }
        updateButtons();
        refreshHistory();
        Q_EMIT syncFinished(name, result.ok(), summary);
    });
    updateButtons();
    job->start();
}

bool DashboardWidget::isSyncRunning() const
{
    return !mSyncJob.isNull();
}

void DashboardWidget::cancelSync()
{
    if (mSyncJob) {
        mCancelButton->setEnabled(false);
        mProgressStep->setText(tr("Cancelling…"));
        mSyncJob->cancel();
    }
}

void DashboardWidget::fixProblem(const QString &problem)
{
    if (!mEngine || mName.isEmpty()) {
        return;
    }
    ApplyOptions options;
    options.allowPrivilegedMovers = problem.contains(QLatin1String("privileged-movers"));
    ReplicationJob *job = mEngine->schedule(mName, mStatus.schedule, options);
    const QString name = mName;
    mLog->append(ActivityLogModel::Level::Info, name, tr("Applying %1 again to fix: %2").arg(name, problem));
    connect(job, &ReplicationJob::progress, this, [this, name](ReplicationJob::Step, const QString &message) {
        mLog->append(ActivityLogModel::Level::Info, name, message);
    });
    connect(job, &ReplicationJob::finished, this, [this, job, name]() {
        const ReplicationResult result = job->result();
        mLog->append(result.ok() ? ActivityLogModel::Level::Success : ActivityLogModel::Level::Error, name,
            result.ok() ? tr("Applied.") : result.error);
        job->deleteLater();
    });
    job->start();
}
