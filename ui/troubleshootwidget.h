// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationfinding.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class ActivityLogModel;
class OperationTracker;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QSplitter;
class QTabWidget;
class QTableWidget;
class QVBoxLayout;
class RelationshipsModel;
class ReplicationEngine;
class TroubleshootMonitor;

/// The Troubleshoot tab of a relationship: why it fails and how to fix it. Shows the findings of the engine's
/// diagnosis of both sides (each with its evidence, and its fix as a button when the engine can do it, else
/// the step to take), each side's mover log as it is written, one timeline of both sides (Events, status changes, mover
/// runs), and saves a support bundle. A view over a TroubleshootMonitor, which it runs only while it is shown.
class TroubleshootWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TroubleshootWidget(OperationTracker *tracker, QWidget *parent = nullptr);
    ~TroubleshootWidget() override;

    /// Both may be nullptr (while the session is rebuilt).
    void setEngine(ReplicationEngine *engine, RelationshipsModel *model);
    /// The activity log that goes into support bundles.
    void setActivityLog(ActivityLogModel *log);
    void setRelationship(const QString &name);
    [[nodiscard]] QString relationship() const { return mName; }

    /// Writes a support bundle of what is shown to `path` (off the GUI thread); the outcome is shown and
    /// bundleSaved() emitted.
    void saveBundle(const QString &path);
    /// The monitor behind the view (nullptr while hidden or without a relationship).
    [[nodiscard]] TroubleshootMonitor *monitor() const;

Q_SIGNALS:
    void bundleSaved(const QString &path, const QString &error);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct LogView {
        QWidget *page = nullptr;
        QPlainTextEdit *text = nullptr;
        QLineEdit *search = nullptr;
        QCheckBox *follow = nullptr;
        QCheckBox *wrap = nullptr;
        QLabel *pod = nullptr;
        QPushButton *debug = nullptr; ///< turns this side's debug mover on or off (debugFix)
        ReplicationFix debugFix;
    };
    void buildUi();
    LogView buildLogView(const QString &role);
    void restartMonitor();
    void stopMonitor();
    void showFindings();
    /// Sizes the findings area to show every finding (up to three fifths of the tab), until the user drags the handle.
    void fitFindingsArea();
    void clearFindings();
    void showTimeline();
    void showDebugToggles(bool fixRunning);
    void appendLog(const QString &role, const QString &text);
    void findInLog(LogView &view);
    void applyFix(const ReplicationFix &fix);
    void chooseBundlePath();

    OperationTracker *mTracker = nullptr;
    QPointer<ReplicationEngine> mEngine;
    QPointer<RelationshipsModel> mModel;
    QPointer<ActivityLogModel> mActivityLog;
    QString mName;
    QPointer<TroubleshootMonitor> mMonitor;
    int mFixOperation = 0;
    std::optional<QList<ReplicationFinding>> mShownFindings;
    bool mShownFixRunning = false;

    QLabel *mSummary = nullptr;
    QLabel *mBundleResult = nullptr;
    QPushButton *mRefreshButton = nullptr;
    QPushButton *mBundleButton = nullptr;
    QWidget *mFindings = nullptr;
    QScrollArea *mFindingsScroll = nullptr;
    QSplitter *mSplitter = nullptr;
    bool mSplitterMovedByUser = false;
    QVBoxLayout *mFindingsLayout = nullptr;
    QTabWidget *mDetails = nullptr;
    LogView mSourceLog;
    LogView mDestinationLog;
    QTableWidget *mTimeline = nullptr;
};
