// SPDX-License-Identifier: GPL-3.0-or-later
#include "troubleshootwidget.h"

#include "common/appinfo.h"
#include "engine/operationtracker.h"
#include "engine/relationshipstore.h"
#include "engine/replicationdiagnosis.h"
#include "engine/replicationengine.h"
#include "engine/replicationfinding.h"
#include "engine/replicationjob.h"
#include "engine/troubleshootmonitor.h"
#include "models/activitylogmodel.h"
#include "models/fixbutton.h"
#include "models/relationshipsmodel.h"
#include "statusstyle.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

const QString kSource = QStringLiteral("source");
const QString kDestination = QStringLiteral("destination");

StatusStyle::Kind styleOf(ReplicationFinding::Severity severity)
{
    switch (severity) {
    case ReplicationFinding::Severity::Error:
        return StatusStyle::Kind::Error;
    case ReplicationFinding::Severity::Warning:
        return StatusStyle::Kind::Warning;
    case ReplicationFinding::Severity::Info:
        return StatusStyle::Kind::Neutral;
    }
    return StatusStyle::Kind::Neutral;
}

QLabel *wrappedLabel(const QString &text, QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

} // namespace

TroubleshootWidget::TroubleshootWidget(OperationTracker *tracker, QWidget *parent)
    : QWidget(parent)
    , mTracker(tracker)
{
    setObjectName(QStringLiteral("troubleshoot"));
    buildUi();
    connect(mTracker, &OperationTracker::finished, this, [this](int id) {
        if (id != mFixOperation) {
            return;
        }
        mFixOperation = 0;
        if (mMonitor) {
            mMonitor->refresh();
        }
        showFindings();
    });
}

TroubleshootWidget::~TroubleshootWidget() = default;

void TroubleshootWidget::setActivityLog(ActivityLogModel *log)
{
    mActivityLog = log;
}

TroubleshootMonitor *TroubleshootWidget::monitor() const
{
    return mMonitor;
}

void TroubleshootWidget::buildUi()
{
    auto *layout = new QVBoxLayout(this);

    auto *header = new QHBoxLayout;
    mSummary = new QLabel(this);
    mSummary->setObjectName(QStringLiteral("troubleshootSummary"));
    mSummary->setWordWrap(true);
    mSummary->setTextFormat(Qt::RichText);
    header->addWidget(mSummary, 1);
    mRefreshButton = new QPushButton(tr("Check Again"), this);
    mRefreshButton->setObjectName(QStringLiteral("troubleshootRefreshButton"));
    mRefreshButton->setToolTip(tr("Read both sides' objects, Events and mover logs again now (this also happens "
                                  "whenever an Event arrives)."));
    connect(mRefreshButton, &QPushButton::clicked, this, [this] {
        if (mMonitor) {
            mMonitor->refresh();
        }
    });
    header->addWidget(mRefreshButton);
    mBundleButton = new QPushButton(tr("Save Support Bundle…"), this);
    mBundleButton->setObjectName(QStringLiteral("saveBundleButton"));
    mBundleButton->setToolTip(tr("Saves one .tar.gz with both sides' objects, Events, mover logs, the findings "
                                 "and the activity log, to attach to a bug report. It holds no Secret data, "
                                 "keys or tokens."));
    connect(mBundleButton, &QPushButton::clicked, this, &TroubleshootWidget::chooseBundlePath);
    header->addWidget(mBundleButton);
    layout->addLayout(header);

    mBundleResult = new QLabel(this);
    mBundleResult->setObjectName(QStringLiteral("bundleResult"));
    mBundleResult->setWordWrap(true);
    mBundleResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mBundleResult->hide();
    layout->addWidget(mBundleResult);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    mSplitter = splitter;
    splitter->setObjectName(QStringLiteral("troubleshootSplitter"));
    splitter->setChildrenCollapsible(false);
    // Only a drag of the handle emits splitterMoved (setSizes does not): from then on the user's sizes stay.
    connect(splitter, &QSplitter::splitterMoved, this, [this] { mSplitterMovedByUser = true; });
    auto *scroll = new QScrollArea(splitter);
    mFindingsScroll = scroll;
    scroll->setObjectName(QStringLiteral("findingsScrollArea"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    mFindings = new QWidget(scroll);
    mFindings->setObjectName(QStringLiteral("findings"));
    // New finding rows are shown (and laid out) only from the event loop: fit the area once they are.
    mFindings->installEventFilter(this);
    mFindingsLayout = new QVBoxLayout(mFindings);
    mFindingsLayout->setContentsMargins(0, 0, 0, 0);
    mFindingsLayout->addStretch(1);
    scroll->setWidget(mFindings);
    splitter->addWidget(scroll);

    mDetails = new QTabWidget(splitter);
    mDetails->setObjectName(QStringLiteral("troubleshootDetails"));
    mSourceLog = buildLogView(kSource);
    mDestinationLog = buildLogView(kDestination);
    for (LogView *view : {&mSourceLog, &mDestinationLog}) {
        connect(view->debug, &QPushButton::clicked, this, [this, view] { applyFix(view->debugFix); });
    }
    mDetails->addTab(mSourceLog.page, tr("Source Mover Log"));
    mDetails->addTab(mDestinationLog.page, tr("Destination Mover Log"));
    mTimeline = new QTableWidget(0, 6, mDetails);
    mTimeline->setObjectName(QStringLiteral("troubleshootTimeline"));
    mTimeline->setHorizontalHeaderLabels(
        {tr("Time"), tr("Side"), tr("From"), tr("Reason"), tr("Object"), tr("Message")});
    mTimeline->verticalHeader()->hide();
    mTimeline->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTimeline->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTimeline->setWordWrap(false);
    mTimeline->horizontalHeader()->setStretchLastSection(true);
    mTimeline->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    mDetails->addTab(mTimeline, tr("Timeline"));
    mDetails->setTabToolTip(mDetails->indexOf(mTimeline),
        tr("Both sides' Events, status changes and mover runs, oldest first, as they come."));
    splitter->addWidget(mDetails);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);
    showFindings();
}

TroubleshootWidget::LogView TroubleshootWidget::buildLogView(const QString &role)
{
    LogView view;
    view.page = new QWidget(this);
    view.page->setObjectName(role + QStringLiteral("LogPage"));
    auto *layout = new QVBoxLayout(view.page);
    // The pod's name is long (volsync-rsync-tls-src-NAME-xxxxx-yyyyy): a line of its own, so the search box
    // keeps its room at 1024 pixels.
    view.pod = new QLabel(view.page);
    view.pod->setObjectName(role + QStringLiteral("LogPod"));
    view.pod->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *podLine = new QHBoxLayout;
    podLine->addWidget(view.pod, 1);
    // VolSync's debug mover of this side, on or off (its text and fix come from core: showDebugToggles).
    view.debug = new QPushButton(view.page);
    view.debug->setObjectName(role + QStringLiteral("DebugMoverButton"));
    view.debug->hide();
    podLine->addWidget(view.debug);
    layout->addLayout(podLine);
    auto *tools = new QHBoxLayout;
    view.search = new QLineEdit(view.page);
    view.search->setObjectName(role + QStringLiteral("LogSearch"));
    view.search->setPlaceholderText(tr("Find in log"));
    view.search->setClearButtonEnabled(true);
    view.search->setMinimumWidth(view.search->fontMetrics().averageCharWidth() * 24);
    tools->addWidget(view.search, 1);
    auto *findNext = new QPushButton(tr("Find Next"), view.page);
    findNext->setObjectName(role + QStringLiteral("LogFindNext"));
    tools->addWidget(findNext);
    view.follow = new QCheckBox(tr("Follow"), view.page);
    view.follow->setObjectName(role + QStringLiteral("LogFollow"));
    view.follow->setToolTip(tr("Keep the newest lines in view as the mover writes them."));
    view.follow->setChecked(true);
    tools->addWidget(view.follow);
    view.wrap = new QCheckBox(tr("Wrap Lines"), view.page);
    view.wrap->setObjectName(role + QStringLiteral("LogWrap"));
    tools->addWidget(view.wrap);
    auto *copy = new QPushButton(tr("Copy"), view.page);
    copy->setObjectName(role + QStringLiteral("LogCopy"));
    copy->setToolTip(tr("Copy the selected lines, or the whole log when nothing is selected."));
    tools->addWidget(copy);
    layout->addLayout(tools);
    view.text = new QPlainTextEdit(view.page);
    view.text->setObjectName(role + QStringLiteral("Log"));
    view.text->setReadOnly(true);
    view.text->setLineWrapMode(QPlainTextEdit::NoWrap);
    view.text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Bounded however long the mover runs: the oldest lines go.
    view.text->setMaximumBlockCount(20000);
    view.text->setPlaceholderText(
        tr("No mover log yet. VolSync starts a mover pod for each sync; its log appears here as it is written."));
    layout->addWidget(view.text, 1);

    LogView *stored = role == kSource ? &mSourceLog : &mDestinationLog;
    connect(view.wrap, &QCheckBox::toggled, view.text, [text = view.text](bool on) {
        text->setLineWrapMode(on ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    });
    connect(findNext, &QPushButton::clicked, this, [this, stored] { findInLog(*stored); });
    connect(view.search, &QLineEdit::returnPressed, this, [this, stored] { findInLog(*stored); });
    connect(copy, &QPushButton::clicked, this, [text = view.text] {
        const QString selected = text->textCursor().selectedText();
        // QTextCursor separates the lines of a selection with U+2029.
        QApplication::clipboard()->setText(selected.isEmpty()
                ? text->toPlainText()
                : QString(selected).replace(QChar::ParagraphSeparator, QLatin1Char('\n')));
    });
    return view;
}

void TroubleshootWidget::findInLog(LogView &view)
{
    const QString needle = view.search->text();
    if (needle.isEmpty()) {
        return;
    }
    view.follow->setChecked(false); // the found line stays in view
    if (!view.text->find(needle)) {
        // From the top again.
        QTextCursor cursor = view.text->textCursor();
        cursor.movePosition(QTextCursor::Start);
        view.text->setTextCursor(cursor);
        view.text->find(needle);
    }
}

void TroubleshootWidget::setEngine(ReplicationEngine *engine, RelationshipsModel *model)
{
    stopMonitor();
    mEngine = engine;
    mModel = model;
    restartMonitor();
}

void TroubleshootWidget::setRelationship(const QString &name)
{
    if (name == mName) {
        return;
    }
    mName = name;
    mBundleResult->hide();
    restartMonitor();
}

void TroubleshootWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!mMonitor) {
        restartMonitor();
    }
}

void TroubleshootWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitFindingsArea();
}

bool TroubleshootWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mFindings && event->type() == QEvent::LayoutRequest) {
        fitFindingsArea();
    }
    return QWidget::eventFilter(watched, event);
}

void TroubleshootWidget::fitFindingsArea()
{
    const QList<int> sizes = mSplitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    if (mSplitterMovedByUser || total <= 0) {
        return;
    }
    const int width = mFindingsScroll->viewport()->width();
    const int wanted
        = mFindings->hasHeightForWidth() ? mFindings->heightForWidth(width) : mFindings->sizeHint().height();
    // Every finding in view when they fit in about three fifths of the tab; the logs and timeline keep the rest.
    // (While the tab is still being laid out it can be smaller than the findings area's minimum: then the minimum.)
    const int least = mFindingsScroll->minimumSizeHint().height();
    const int findings = qBound(least, wanted + 2 * mFindingsScroll->frameWidth(), qMax(least, total * 3 / 5));
    if (findings != sizes.value(0)) {
        mSplitter->setSizes({findings, total - findings});
    }
}

void TroubleshootWidget::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    // Nothing is watched or followed while the tab is not shown.
    stopMonitor();
}

void TroubleshootWidget::stopMonitor()
{
    delete mMonitor;
    mMonitor = nullptr;
}

void TroubleshootWidget::restartMonitor()
{
    stopMonitor();
    for (LogView *view : {&mSourceLog, &mDestinationLog}) {
        view->text->clear();
        view->pod->clear();
    }
    mTimeline->setRowCount(0);
    if (!isVisible() || !mEngine || !mModel || mName.isEmpty() || mModel->rowOf(mName) < 0) {
        showFindings();
        return;
    }
    mMonitor = mEngine->troubleshoot(mModel->relationship(mName), this);
    connect(mMonitor, &TroubleshootMonitor::updated, this, [this] {
        showFindings();
        showTimeline();
    });
    connect(mMonitor, &TroubleshootMonitor::logText, this, &TroubleshootWidget::appendLog);
    connect(mMonitor, &TroubleshootMonitor::logRunStarted, this,
        [this](const QString &role, const QString &pod, int restarts) {
            LogView &view = role == kSource ? mSourceLog : mDestinationLog;
            view.pod->setText(
                restarts > 0 ? tr("Pod %1 (restarted %n time(s))", nullptr, restarts).arg(pod) : tr("Pod %1").arg(pod));
            if (!view.text->document()->isEmpty()) {
                appendLog(role, tr("\n――― pod %1, run %2 ―――\n").arg(pod).arg(restarts + 1));
            }
        });
    connect(mMonitor, &TroubleshootMonitor::bundleWritten, this, [this](const QString &path, const QString &error) {
        mBundleButton->setEnabled(true);
        mBundleResult->setText(
            error.isEmpty() ? tr("Support bundle saved to %1").arg(QDir::toNativeSeparators(path)) : error);
        mBundleResult->show();
        Q_EMIT bundleSaved(path, error);
    });
    mMonitor->start();
    showFindings();
}

void TroubleshootWidget::appendLog(const QString &role, const QString &text)
{
    LogView &view = role == kSource ? mSourceLog : mDestinationLog;
    QScrollBar *bar = view.text->verticalScrollBar();
    const int kept = bar->value();
    QTextCursor cursor(view.text->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    if (view.follow->isChecked()) {
        bar->setValue(bar->maximum());
    } else {
        bar->setValue(kept);
    }
}

void TroubleshootWidget::clearFindings()
{
    while (mFindingsLayout->count() > 1) {
        QLayoutItem *item = mFindingsLayout->takeAt(0);
        if (QWidget *w = item->widget()) {
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    mShownFindings.reset();
}

void TroubleshootWidget::showFindings()
{
    showDebugToggles(mFixOperation != 0 || mTracker->runningOperation(mName) != 0);
    const bool canSave = mMonitor && mMonitor->hasSnapshot();
    mBundleButton->setEnabled(canSave);
    mRefreshButton->setEnabled(mMonitor != nullptr);
    if (!mMonitor) {
        clearFindings();
        mSummary->setText(mName.isEmpty() ? tr("Choose a relationship to see why it fails.") : QString());
        return;
    }
    if (!mMonitor->hasSnapshot()) {
        clearFindings();
        mSummary->setText(tr("Reading the objects, Events and mover logs of %1 on both clusters…").arg(mName));
        return;
    }
    const ReplicationFindings &findings = mMonitor->findings();
    const QString time = mMonitor->snapshot().takenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    int errors = 0;
    for (const ReplicationFinding &finding : findings) {
        errors += finding.severity == ReplicationFinding::Severity::Error ? 1 : 0;
    }
    QStringList unread;
    for (const std::optional<TroubleshootSide> &side :
        {mMonitor->snapshot().source, mMonitor->snapshot().destination}) {
        if (side) {
            unread += side->readErrors;
        }
    }
    QString summary = findings.isEmpty()
        ? StatusStyle::badgeHtml(StatusStyle::Kind::Ok,
            tr("No problem found in %1 (checked at %2).").arg(mName.toHtmlEscaped(), time), palette())
        : StatusStyle::badgeHtml(errors > 0 ? StatusStyle::Kind::Error : StatusStyle::Kind::Warning,
            findings.size() == 1
                ? tr("1 problem found in %1 (checked at %2). It says what was seen and how to fix it.")
                      .arg(mName.toHtmlEscaped(), time)
                : tr("%1 problems found in %2 (checked at %3). Each says what was seen and how to fix it.")
                      .arg(QString::number(findings.size()), mName.toHtmlEscaped(), time),
            palette());
    if (!unread.isEmpty()) {
        summary += QStringLiteral("<br>")
            + tr("Some objects could not be read: %1").arg(unread.join(QStringLiteral("; ")).toHtmlEscaped());
    }
    mSummary->setText(summary);

    const bool fixRunning = mFixOperation != 0 || mTracker->runningOperation(mName) != 0;
    // The rows stay as they are while nothing changed (a selection in them survives a new read).
    if (mShownFindings && *mShownFindings == findings && mShownFixRunning == fixRunning) {
        return;
    }
    clearFindings();
    mShownFindings = findings;
    mShownFixRunning = fixRunning;
    int row = 0;
    for (const ReplicationFinding &finding : findings) {
        auto *frame = new QFrame(mFindings);
        frame->setObjectName(QStringLiteral("findingRow"));
        frame->setProperty("findingKind", ReplicationFinding::kindName(finding.kind));
        frame->setFrameShape(QFrame::StyledPanel);
        auto *grid = new QGridLayout(frame);
        // Compact rows: at 1024x700 two findings and the log's first lines fit together.
        grid->setContentsMargins(8, 4, 8, 4);
        grid->setVerticalSpacing(2);
        QString message = finding.message;
        if (!message.isEmpty()) {
            message[0] = message.at(0).toUpper();
        }
        auto *text = wrappedLabel(StatusStyle::badgeHtml(styleOf(finding.severity), message, palette()), frame,
            QStringLiteral("findingMessage"));
        text->setTextFormat(Qt::RichText);
        grid->addWidget(text, 0, 0);
        if (!finding.evidence.isEmpty()) {
            auto *evidence
                = wrappedLabel(tr("Seen: %1").arg(finding.evidence), frame, QStringLiteral("findingEvidence"));
            evidence->setTextFormat(Qt::PlainText);
            evidence->setForegroundRole(QPalette::PlaceholderText);
            grid->addWidget(evidence, 1, 0);
        }
        // The tab only runs fixes; defining a missing side is the dashboard's (its wizard).
        const FixButton button = FixButton::of(finding.fix, true);
        if (button.click == FixButton::Click::RunEngine && !mMonitor->snapshot().relationship.isEmpty()) {
            auto *fix = new QPushButton(button.text, frame);
            fix->setObjectName(QStringLiteral("findingFixButton"));
            fix->setToolTip(finding.fix.description());
            fix->setEnabled(!fixRunning);
            const ReplicationFix action = finding.fix;
            connect(fix, &QPushButton::clicked, this, [this, action] { applyFix(action); });
            grid->addWidget(fix, 0, 1, 2, 1, Qt::AlignTop);
        } else if (!finding.fix.manualStep.isEmpty()) {
            auto *step
                = wrappedLabel(tr("To fix: %1").arg(finding.fix.manualStep), frame, QStringLiteral("findingStep"));
            step->setTextFormat(Qt::PlainText);
            grid->addWidget(step, 2, 0);
        }
        grid->setColumnStretch(0, 1);
        mFindingsLayout->insertWidget(row++, frame);
    }
    fitFindingsArea();
}

void TroubleshootWidget::showDebugToggles(bool fixRunning)
{
    // What core offers for each side (ReplicationDiagnosis::debugMoverToggles), on that side's log page.
    const QList<ReplicationFix> toggles = mMonitor && mMonitor->hasSnapshot()
        ? ReplicationDiagnosis::debugMoverToggles(mMonitor->snapshot())
        : QList<ReplicationFix>();
    for (LogView *view : {&mSourceLog, &mDestinationLog}) {
        const QString kind
            = view == &mSourceLog ? QStringLiteral("ReplicationSource") : QStringLiteral("ReplicationDestination");
        const auto toggle = std::find_if(
            toggles.cbegin(), toggles.cend(), [&kind](const ReplicationFix &fix) { return fix.objectKind == kind; });
        view->debugFix = toggle == toggles.cend() ? ReplicationFix() : *toggle;
        view->debug->setVisible(toggle != toggles.cend());
        if (toggle != toggles.cend()) {
            view->debug->setText(FixButton::of(*toggle, true).text);
            view->debug->setToolTip(toggle->description());
        }
        view->debug->setEnabled(!fixRunning);
    }
}

void TroubleshootWidget::showTimeline()
{
    const QList<TroubleshootTimelineEntry> &events = mMonitor->timeline();
    QScrollBar *bar = mTimeline->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    mTimeline->setRowCount(int(events.size()));
    for (int row = 0; row < events.size(); ++row) {
        const TroubleshootTimelineEntry &event = events.at(row);
        QString from;
        switch (event.source) {
        case TroubleshootTimelineEntry::Source::Event:
            from = tr("Event");
            break;
        case TroubleshootTimelineEntry::Source::Status:
            from = tr("Status");
            break;
        case TroubleshootTimelineEntry::Source::Log:
            from = tr("Mover log");
            break;
        }
        const QStringList cells = {event.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
            event.role == kSource ? tr("Source (%1)").arg(event.context) : tr("Destination (%1)").arg(event.context),
            from, event.reason, event.objectKind + QLatin1Char('/') + event.objectName,
            event.count > 1 ? tr("%1 (%2 times)").arg(event.message).arg(event.count) : event.message};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setToolTip(column == 5 ? event.message : QString());
            if (column == 2 && event.warning) {
                item->setIcon(StatusStyle::icon(StatusStyle::Kind::Warning));
            }
            mTimeline->setItem(row, column, item);
        }
    }
    if (mTimeline->property("sized").isNull() && !events.isEmpty()) {
        mTimeline->resizeColumnsToContents();
        mTimeline->setProperty("sized", true);
    }
    if (atEnd) {
        mTimeline->scrollToBottom();
    }
}

void TroubleshootWidget::applyFix(const ReplicationFix &fix)
{
    if (!mEngine || mName.isEmpty() || mFixOperation != 0) {
        return;
    }
    ReplicationJob *job = mEngine->applyFix(fix);
    if (!job) {
        return;
    }
    mFixOperation = mTracker->run(job, OperationTracker::Kind::Fix, mName, FixButton::of(fix, true).operationText);
    showFindings();
}

void TroubleshootWidget::chooseBundlePath()
{
    // Not exec(): the dialog is window-modal and answers through fileSelected, without a nested event loop.
    auto *dialog = new QFileDialog(this, tr("Save Support Bundle"),
        QDir::home().filePath(QStringLiteral("volsync-support-%1.tar.gz").arg(mName)),
        tr("Support bundles (*.tar.gz)"));
    dialog->setObjectName(QStringLiteral("saveBundleDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("tar.gz"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &TroubleshootWidget::saveBundle);
    dialog->open();
}

void TroubleshootWidget::saveBundle(const QString &path)
{
    if (!mMonitor || !mMonitor->hasSnapshot()) {
        return;
    }
    QByteArray activity;
    if (mActivityLog) {
        QList<int> rows;
        rows.reserve(mActivityLog->rowCount());
        for (int row = 0; row < mActivityLog->rowCount(); ++row) {
            rows.append(row);
        }
        activity = mActivityLog->toText(rows).toUtf8();
    }
    mBundleButton->setEnabled(false);
    mBundleResult->setText(tr("Saving the support bundle to %1…").arg(QDir::toNativeSeparators(path)));
    mBundleResult->show();
    mMonitor->saveBundle(path, activity, versionString());
}
