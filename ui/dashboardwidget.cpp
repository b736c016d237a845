// SPDX-License-Identifier: GPL-3.0-or-later
#include "dashboardwidget.h"

#include "common/cronschedule.h"
#include "disasterrecoverypanel.h"
#include "engine/operationtracker.h"
#include "engine/relationshipmonitor.h"
#include "engine/replicationapplyjob.h"
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "engine/synctiming.h"
#include "models/fixbutton.h"
#include "models/relationshipsmodel.h"
#include "sparklinewidget.h"
#include "statusstyle.h"
#include "synchistorydialog.h"
#include "volumecapacityview.h"

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
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTime>
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

constexpr int kAgeColumn = 6; ///< of the conditions table

QString localTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

DashboardWidget::DashboardWidget(OperationTracker *tracker, QWidget *parent)
    : QWidget(parent)
    , mTracker(tracker)
    , mTick(new QTimer(this))
{
    setObjectName(QStringLiteral("dashboard"));
    mTick->setInterval(1000);
    connect(mTick, &QTimer::timeout, this, &DashboardWidget::refreshCountdown);
    mTick->start();
    buildUi();
    connect(mTracker, &OperationTracker::progress, this, [this](int id, ReplicationJob::Step, const QString &message) {
        if (id == syncOperation())
            mProgressStep->setText(message);
    });
    connect(mTracker, &OperationTracker::moverFailed, this, [this](int id, int attempt) {
        if (id == syncOperation())
            mProgressStep->setText(tr("The mover failed (attempt %1); VolSync is retrying…").arg(attempt));
    });
    connect(mTracker, &OperationTracker::started, this, [this] { refresh(); });
    connect(mTracker, &OperationTracker::finished, this, &DashboardWidget::onOperationFinished);
    refresh();
}

// Operations belong to the tracker: a sync keeps running (and is listed there) when the dashboard goes.
DashboardWidget::~DashboardWidget() = default;

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
    mStack->addWidget(buildEmptyPage());
    // The dashboard itself, in a scroll area.
    auto *scroll = new QScrollArea(mStack);
    scroll->setObjectName(QStringLiteral("dashboardScrollArea"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    mPage = new QWidget(scroll);
    mPage->setObjectName(QStringLiteral("dashboardPage"));
    scroll->setWidget(mPage);
    mStack->addWidget(scroll);

    mSyncReason = new QLabel(mPage);
    mSyncReason->setObjectName(QStringLiteral("syncDisabledReason"));
    mSyncReason->setForegroundRole(QPalette::PlaceholderText);
    mSyncReason->setWordWrap(true);

    mSyncResult = new QLabel(mPage);
    mSyncResult->setObjectName(QStringLiteral("syncResult"));
    mSyncResult->setTextFormat(Qt::RichText);
    mSyncResult->setWordWrap(true);
    mSyncResult->setVisible(false);

    // After Apply Again: until VolSync reports its next result, say that it is retrying.
    mFixNote = new QLabel(mPage);
    mFixNote->setObjectName(QStringLiteral("fixAppliedNote"));
    mFixNote->setTextFormat(Qt::RichText);
    mFixNote->setWordWrap(true);
    mFixNote->setVisible(false);

    // Problems.
    mProblemsBox = new QGroupBox(tr("Needs attention"), mPage);
    mProblemsBox->setObjectName(QStringLiteral("problemsBox"));
    mProblemsLayout = new QVBoxLayout(mProblemsBox);

    auto *page = new QVBoxLayout(mPage);
    page->addLayout(buildHeader());
    page->addWidget(mSyncReason);
    page->addWidget(buildProgressRow());
    page->addWidget(mSyncResult);
    page->addWidget(mFixNote);
    page->addWidget(mProblemsBox);
    page->addLayout(buildSideCards());
    page->addWidget(buildTimingCard());
    mDisasterRecovery = new DisasterRecoveryPanel(mTracker, mPage);
    page->addWidget(mDisasterRecovery);
    page->addWidget(buildConditionsCard());
    page->addWidget(buildMoverCard());
    page->addStretch();

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(mStack);
}

QWidget *DashboardWidget::buildEmptyPage()
{
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

    return mEmptyPage;
}

QLayout *DashboardWidget::buildHeader()
{
    mTitle = new QLabel(mPage);
    mTitle->setObjectName(QStringLiteral("relationshipTitle"));
    QFont titleFont = mTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    mTitle->setFont(titleFont);
    mBadge = new QLabel(mPage);
    mBadge->setObjectName(QStringLiteral("statusBadge"));
    mBadge->setTextFormat(Qt::RichText);
    connect(mBadge, &QLabel::linkActivated, this, [this] { Q_EMIT troubleshootRequested(); });

    mSyncButton = new QPushButton(QIcon(QStringLiteral(":/icons/actions/sync.svg")), tr("&Sync Now"), mPage);
    mSyncButton->setObjectName(QStringLiteral("syncNowButton"));
    mSyncButton->setToolTip(tr("Start a sync now; the schedule stays as it is"));
    mScheduleButton = new QPushButton(QIcon(QStringLiteral(":/icons/actions/schedule.svg")), tr("Sch&edule…"), mPage);
    mScheduleButton->setObjectName(QStringLiteral("scheduleButton"));
    mPauseButton = new QPushButton(tr("Pa&use"), mPage);
    mPauseButton->setObjectName(QStringLiteral("pauseButton"));
    connect(mPauseButton, &QPushButton::clicked, this, &DashboardWidget::togglePaused);
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
    buttonRow->addWidget(mPauseButton);
    buttonRow->addWidget(mYamlButton);
    buttonRow->addStretch();
    buttonRow->addWidget(mDeleteButton);
    auto *header = new QVBoxLayout;
    header->addLayout(titleRow);
    header->addLayout(buttonRow);

    return header;
}

QWidget *DashboardWidget::buildProgressRow()
{
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
    mCancelButton = new QPushButton(tr("C&ancel Sync"), mProgressRow);
    mCancelButton->setObjectName(QStringLiteral("cancelSyncButton"));
    connect(mCancelButton, &QPushButton::clicked, this, &DashboardWidget::cancelSync);
    auto *progressLayout = new QHBoxLayout(mProgressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(mProgress);
    progressLayout->addWidget(mProgressStep, 1);
    progressLayout->addWidget(mProgressElapsed);
    progressLayout->addWidget(mCancelButton);
    mProgressRow->setVisible(false);

    return mProgressRow;
}

QLayout *DashboardWidget::buildSideCards()
{
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
    // Both volumes' sizes (issue 13 item 3): read by the engine, shown by their own small view.
    mCapacity = new VolumeCapacityView(sourceForm, destinationForm, this);

    auto *cards = new QHBoxLayout;
    cards->addWidget(sourceBox, 1);
    cards->addWidget(destinationBox, 1);

    return cards;
}

QWidget *DashboardWidget::buildTimingCard()
{
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
    auto *chartCaption
        = new QLabel(tr("Recent syncs (height = duration, • = started by hand, × = failed):"), timingBox);
    chartCaption->setToolTip(SparklineWidget::legend());
    mChart->setToolTip(SparklineWidget::legend());
    chartCaption->setObjectName(QStringLiteral("syncChartCaption"));
    chartCaption->setWordWrap(true);
    auto *chartColumn = new QVBoxLayout;
    chartColumn->addWidget(chartCaption);
    chartColumn->addWidget(mChart);
    chartColumn->addWidget(mHistorySummary);
    auto *historyButton = new QPushButton(tr("His&tory…"), timingBox);
    historyButton->setObjectName(QStringLiteral("historyButton"));
    historyButton->setToolTip(tr("Every sync seen, as a table you can export as CSV"));
    connect(historyButton, &QPushButton::clicked, this, [this] {
        auto *dialog = new SyncHistoryDialog(mName, mChart->records(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    chartColumn->addWidget(historyButton, 0, Qt::AlignLeft);
    chartColumn->addStretch();
    auto *timingLayout = new QHBoxLayout(timingBox);
    timingLayout->addLayout(timingForm, 3);
    timingLayout->addLayout(chartColumn, 2);

    return timingBox;
}

QWidget *DashboardWidget::buildConditionsCard()
{
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
    mConditions->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // as tall as its rows (fitConditions)
    auto *conditionsLayout = new QVBoxLayout(conditionsBox);
    conditionsLayout->addWidget(mConditions);

    return conditionsBox;
}

QWidget *DashboardWidget::buildMoverCard()
{
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

    return moverBox;
}

void DashboardWidget::setEngine(ReplicationEngine *engine, RelationshipsModel *model)
{
    if (mModel) {
        mModel->disconnect(this);
    }
    mEngine = engine;
    mModel = model;
    mDisasterRecovery->setEngine(engine);
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
        mCapacity->show(nullptr, {});
        mDisasterRecovery->setRelationship(QString());
        mStatus = ReplicationStatus();
        updateButtons();
        return;
    }
    mStack->setCurrentIndex(1);
    const ReplicationRelationship rel = mModel->relationship(mName);
    const QModelIndex index = mModel->index(mModel->rowOf(mName), 0);
    mStatus = mModel->status(mName);
    if (mFixApplied.contains(mName) && mStatus.hasNewResultSince(mFixApplied.value(mName)))
        mFixApplied.remove(mName);
    mTitle->setText(mName);
    mFixNote->setVisible(mFixApplied.contains(mName));
    refreshBadge(index);
    refreshProblems(rel, index.data(RelationshipsModel::FileErrorRole).toString());
    refreshSides(rel);
    mCapacity->show(mEngine, rel); // live; a new monitor only when the volumes changed
    refreshTimings(rel);
    refreshConditions();
    refreshMover();
    // Disaster recovery needs a destination (what is failed over to, and where the restore points are).
    mDisasterRecovery->setVisible(rel.destination.has_value());
    mDisasterRecovery->setRelationship(rel.destination ? mName : QString());
    mDisasterRecovery->setStatus(mStatus);
    const int sync = syncOperation();
    mProgressRow->setVisible(sync != 0);
    if (sync != 0)
        mProgressStep->setText(mTracker->lastStep(sync).isEmpty() ? tr("Starting…") : mTracker->lastStep(sync));
    updateButtons();
}

void DashboardWidget::refreshBadge(const QModelIndex &index)
{
    const auto badge = RelationshipsModel::Badge(index.data(RelationshipsModel::BadgeRole).toInt());
    const QString badgeText = RelationshipsModel::badgeText(badge);
    QString html = StatusStyle::badgeHtml(StatusStyle::kindForBadge(badge), badgeText, palette());
    // A failing relationship's badge leads to the Troubleshoot tab (its findings, logs and Events).
    if (badge == RelationshipsModel::Badge::Failed || badge == RelationshipsModel::Badge::Problem)
        html += QStringLiteral("&nbsp;&nbsp;<a href=\"troubleshoot\">%1</a>").arg(tr("Why? Troubleshoot"));
    mBadge->setText(html);
}

// Each finding is a line with its message; its fix (a typed engine action) decides the button.
void DashboardWidget::refreshProblems(const ReplicationRelationship &rel, const QString &fileError)
{
    while (QLayoutItem *item = mProblemsLayout->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            w->deleteLater();
        }
        delete item->layout();
        delete item;
    }
    ReplicationFindings problems = mStatus.problems;
    if (!fileError.isEmpty() && !mStatus.hasProblem(ReplicationFinding::Kind::FileUnreadable)) {
        problems.prepend(ReplicationFinding::fileUnreadable(fileError));
    }
    const bool fixRunning = mTracker->runningOperation(mName, OperationTracker::Kind::Fix) != 0;
    for (const ReplicationFinding &finding : std::as_const(problems)) {
        auto *line = new QWidget(mProblemsBox);
        line->setObjectName(QStringLiteral("problemLine"));
        line->setProperty("findingKind", ReplicationFinding::kindName(finding.kind));
        QString shown = finding.message;
        if (!shown.isEmpty())
            shown[0] = shown.at(0).toUpper();
        const StatusStyle::Kind kind = finding.severity == ReplicationFinding::Severity::Error
            ? StatusStyle::Kind::Error
            : StatusStyle::Kind::Warning;
        auto *text = new QLabel(StatusStyle::badgeHtml(kind, shown, palette()), line);
        text->setToolTip(finding.text());
        text->setObjectName(QStringLiteral("problemText"));
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *lineLayout = new QHBoxLayout(line);
        lineLayout->setContentsMargins(0, 0, 0, 0);
        lineLayout->addWidget(text, 1);
        const FixButton button = FixButton::of(finding.fix, rel.isComplete());
        if (button.click != FixButton::Click::Nothing) {
            auto *fix = new QPushButton(button.text, line);
            fix->setObjectName(QStringLiteral("problemFixButton"));
            fix->setToolTip(finding.fix.description());
            if (button.click == FixButton::Click::OpenSetUp) {
                // An unfinished relationship: the wizard opens on it and finishes it.
                const QString name = mName;
                connect(fix, &QPushButton::clicked, this, [this, name]() { Q_EMIT setUpRequested(name); });
            } else {
                fix->setEnabled(!fixRunning && syncOperation() == 0);
                const ReplicationFix action = finding.fix;
                connect(fix, &QPushButton::clicked, this, [this, action]() { applyFix(action); });
            }
            lineLayout->addWidget(fix);
        }
        mProblemsLayout->addWidget(line);
    }
    mProblemsBox->setVisible(!problems.isEmpty());
}

void DashboardWidget::refreshSides(const ReplicationRelationship &rel)
{
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
}

void DashboardWidget::refreshTimings(const ReplicationRelationship &rel)
{
    // While Sync now runs the source is on a manual trigger; the file says which schedule comes back.
    QString kept;
    if (rel.source && rel.source->pendingRestore) {
        kept = rel.source->pendingRestore->schedule;
    } else if (auto *sync = qobject_cast<ReplicationApplyJob *>(mTracker->job(syncOperation()))) {
        kept = sync->keptSchedule().value_or(QString()); // the file change may not be read yet
    }
    const bool schedulePaused = mStatus.schedule.isEmpty() && !kept.isEmpty() && syncOperation() != 0;
    const QString schedule = schedulePaused ? kept : mStatus.schedule;
    if (schedule.isEmpty()) {
        mSchedule->setText(tr("manual only (no schedule)"));
    } else {
        const CronSchedule cron = CronSchedule::parse(schedule);
        // The expression never breaks over two lines (issue 13 item 12): its spaces do not wrap.
        QString unbroken = schedule;
        unbroken.replace(QLatin1Char(' '), QChar::Nbsp).replace(QLatin1Char('/'), QStringLiteral("/\u2060"));
        QString text = cron.isValid() ? tr("%1  (%2)").arg(cron.description(), unbroken)
                                      : tr("%1 (not a valid schedule: %2)").arg(schedule, cron.errorString());
        if (schedulePaused)
            text += tr(" — paused while Sync Now runs, restored when it ends");
        mSchedule->setText(text);
    }
    if (mStatus.paused)
        mSchedule->setText(mSchedule->text() + tr(" — paused: no sync starts until you resume"));
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
}

void DashboardWidget::refreshConditions()
{
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
        // The age ticks with the countdown (refreshAges()).
        mConditions->item(i, kAgeColumn)->setData(Qt::UserRole, sc.condition.lastTransitionTime);
    }
    // Every row shows, none is cut off at the bottom (issue 13 item 12); the page scrolls instead.
    int height = mConditions->horizontalHeader()->sizeHint().height() + 2 * mConditions->frameWidth();
    for (int row = 0; row < mConditions->rowCount(); ++row)
        height += mConditions->rowHeight(row);
    if (mConditions->rowCount() == 0)
        height += mConditions->verticalHeader()->defaultSectionSize();
    if (mConditions->horizontalScrollBar()->isVisible())
        height += mConditions->horizontalScrollBar()->sizeHint().height();
    mConditions->setFixedHeight(height);
}

void DashboardWidget::refreshAges()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int row = 0; row < mConditions->rowCount(); ++row) {
        QTableWidgetItem *item = mConditions->item(row, kAgeColumn);
        const QDateTime changed = item ? item->data(Qt::UserRole).toDateTime() : QDateTime();
        if (changed.isValid()) {
            const QString age = humanDuration(changed.secsTo(now));
            item->setText(age);
            item->setToolTip(age);
        }
    }
}

void DashboardWidget::refreshMover()
{
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
}

void DashboardWidget::refreshCountdown()
{
    if (const int id = syncOperation()) {
        mProgressElapsed->setText(tr("elapsed %1").arg(humanDuration(mTracker->elapsedMs(id) / 1000)));
    }
    refreshAges();
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
        mNextSync->setText(mStatus.paused    ? tr("none while paused")
                : mStatus.schedule.isEmpty() ? tr("only when you sync")
                                             : QStringLiteral("—"));
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
    } else if (syncOperation() != 0) {
        why = tr("A sync you started is running.");
    } else if (mTracker->runningChange(mName) != 0) {
        why = tr("Another operation on this relationship is running.");
    } else if (mStatus.paused) {
        why = tr("The relationship is paused: resume it first.");
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

int DashboardWidget::syncOperation() const
{
    return mName.isEmpty() ? 0 : mTracker->runningOperation(mName, OperationTracker::Kind::SyncNow);
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
    const bool busy = has && mTracker->runningChange(mName) != 0;
    mScheduleButton->setEnabled(has && !busy);
    mPauseButton->setEnabled(has && !busy && mStatus.sourceExists);
    mPauseButton->setText(mStatus.paused ? tr("Res&ume") : tr("Pa&use"));
    mPauseButton->setToolTip(mStatus.paused ? tr("Start syncing again on the same schedule")
                                            : tr("Stop starting syncs (VolSync's spec.paused); the schedule stays"));
    mDeleteButton->setEnabled(has && !busy);
    mYamlButton->setEnabled(has);
    Q_EMIT syncStateChanged();
}

void DashboardWidget::syncNow()
{
    if (!canSync()) {
        return;
    }
    mSyncResult->setVisible(false);
    mCancelButton->setEnabled(true);
    mProgressStep->setText(tr("Starting…"));
    mTracker->run(mEngine->syncNow(mName), OperationTracker::Kind::SyncNow, mName,
        tr("Sync now of %1 (the schedule is kept)").arg(mName));
}

void DashboardWidget::onOperationFinished(int id, const ReplicationResult &result)
{
    const OperationTracker::Kind kind = mTracker->kindOf(id);
    const QString name = mTracker->relationshipOf(id);
    if (kind == OperationTracker::Kind::Fix && result.ok() && mModel) {
        // Until VolSync reports again, a note says that the fix is in and VolSync retries.
        mFixApplied.insert(name, mModel->status(name));
        mFixNote->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Busy,
            tr("Fix applied at %1. VolSync is retrying; waiting for its next result…")
                .arg(QLocale().toString(QTime::currentTime(), QStringLiteral("HH:mm:ss"))),
            palette()));
    }
    if (kind == OperationTracker::Kind::SyncNow) {
        const QString took = QLocale().toString(mTracker->elapsedMs(id) / 1000.0, 'f', 1);
        QString summary;
        StatusStyle::Kind style = StatusStyle::Kind::Ok;
        switch (result.status) {
        case ReplicationResult::Status::Succeeded:
            // One truth: the wall time, and the mover's share as VolSync reports it (explained when the
            // cluster's clock runs faster, as the simulator's does).
            summary = SyncTiming::describe(mTracker->elapsedMs(id), mTracker->moverDurationMs(id));
            break;
        case ReplicationResult::Status::Cancelled:
            summary = tr("Sync cancelled after %1 s; VolSync may still finish the sync it started. %2")
                          .arg(took, result.error.section(QLatin1Char('\n'), 1));
            style = StatusStyle::Kind::Warning;
            break;
        case ReplicationResult::Status::Failed:
        case ReplicationResult::Status::Invalid:
            summary = tr("Sync failed after %1 s: %2").arg(took, result.error);
            style = StatusStyle::Kind::Error;
            break;
        }
        if (name == mName) {
            mSyncResult->setText(StatusStyle::badgeHtml(style, summary.trimmed(), palette()));
            mSyncResult->setVisible(true);
        }
        refreshHistory();
        Q_EMIT syncFinished(name, result.ok(), summary.trimmed());
    }
    refresh();
}

bool DashboardWidget::isSyncRunning() const
{
    return syncOperation() != 0;
}

void DashboardWidget::cancelSync()
{
    if (const int id = syncOperation()) {
        mCancelButton->setEnabled(false);
        mProgressStep->setText(tr("Cancelling… (putting the schedule back)"));
        mTracker->cancel(id);
    }
}

void DashboardWidget::togglePaused()
{
    if (!mEngine || mName.isEmpty()) {
        return;
    }
    const bool pause = !mStatus.paused;
    mTracker->run(mEngine->setPaused(mName, pause),
        pause ? OperationTracker::Kind::Pause : OperationTracker::Kind::Resume, mName,
        pause ? tr("Pausing %1").arg(mName) : tr("Resuming %1").arg(mName));
}

void DashboardWidget::applyFix(const ReplicationFix &fix)
{
    if (!mEngine || mName.isEmpty()) {
        return;
    }
    ReplicationJob *job = mEngine->applyFix(fix);
    if (!job) {
        return;
    }
    mFixApplied.remove(mName);
    mTracker->run(job, OperationTracker::Kind::Fix, mName, FixButton::of(fix, true).operationText);
}
