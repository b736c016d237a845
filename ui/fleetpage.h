// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/fleetentry.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

class FleetModel;
class FleetService;
class FleetTopologyWidget;
class FleetWidget;
class QLabel;
class QPushButton;
class QScrollArea;
class QSplitter;
class QTimer;

/// The main window's Fleet page: the fleet table (FleetWidget) beside the topology picture, what limits the view
/// (clusters out of reach, namespaces the user may not list across) and the Notifications button. Shows the
/// FleetService's monitor through FleetModel and forwards requests (open, mute, RPO target, settings) as signals.
class FleetPage : public QWidget
{
    Q_OBJECT
public:
    /// The main window opens on the Fleet page when the fleet holds more entries than this.
    static constexpr int kDefaultAbove = 12;

    explicit FleetPage(QWidget *parent = nullptr);

    /// Follows `service` (nullptr: shows nothing, e.g. while the kubeconfig is read again).
    void setService(FleetService *service);
    [[nodiscard]] FleetModel *model() const { return mModel; }
    [[nodiscard]] FleetWidget *fleetWidget() const { return mFleet; }
    [[nodiscard]] FleetTopologyWidget *topology() const { return mTopology; }
    [[nodiscard]] QLabel *notesLabel() const { return mNotes; }
    [[nodiscard]] QSplitter *splitter() const { return mSplitter; }
    /// The entries' words for the status bar: "500 entries: 40 critical, …".
    [[nodiscard]] QString summary() const;

Q_SIGNALS:
    void entryActivated(const FleetEntry &entry);
    void muteRequested(const QString &key, bool muted);
    void rpoTargetRequested(const FleetEntry &entry);
    void settingsRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void refresh();
    /// refresh() for a change of the entries: at once, unless the last one was less than kRefreshMs ago (then at
    /// the end of that time). A watch event changes an entry or two; the picture and the notes read all of them.
    void refreshSoon();
    static constexpr int kRefreshMs = 250;
    /// Shares the splitter's width: the table as wide as its columns need, the picture the rest; once the user has
    /// dragged the splitter, their sizes stay (a wider or narrower window changes the table's width only).
    void balance();

    QPointer<FleetService> mService;
    FleetModel *mModel;
    FleetWidget *mFleet;
    FleetTopologyWidget *mTopology;
    QScrollArea *mTopologyArea;
    QSplitter *mSplitter;
    QLabel *mNotes;
    QPushButton *mSettings;
    QTimer *mRefreshTimer;
    QElapsedTimer mSinceRefresh;
    bool mBalancing = false;
    int mPictureByUser = 0; ///< the picture's width the user dragged the splitter to; 0: not dragged
};
