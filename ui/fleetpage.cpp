// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetpage.h"

#include "engine/fleetmonitor.h"
#include "engine/fleetservice.h"
#include "engine/fleettopology.h"
#include "fleettopologywidget.h"
#include "fleetwidget.h"
#include "models/fleetmodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

FleetPage::FleetPage(QWidget *parent)
    : QWidget(parent)
    , mModel(new FleetModel(this))
    , mFleet(new FleetWidget(mModel, this))
    , mTopology(new FleetTopologyWidget)
    , mTopologyArea(new QScrollArea(this))
    , mSplitter(new QSplitter(Qt::Horizontal, this))
    , mNotes(new QLabel(this))
    , mSettings(new QPushButton(tr("&Notifications…"), this))
    , mRefreshTimer(new QTimer(this))
{
    mRefreshTimer->setSingleShot(true);
    connect(mRefreshTimer, &QTimer::timeout, this, &FleetPage::refresh);
    setObjectName(QStringLiteral("fleetPage"));
    mFleet->setObjectName(QStringLiteral("fleetWidget"));
    mFleet->view()->setObjectName(QStringLiteral("fleetView"));
    auto *title = new QLabel(tr("<b>Fleet</b>: every replication on every cluster"), this);
    title->setObjectName(QStringLiteral("fleetTitle"));
    mSettings->setObjectName(QStringLiteral("fleetSettingsButton"));
    mSettings->setToolTip(tr("Webhook, muted entries: who hears when an entry turns late, critical or failing"));
    connect(mSettings, &QPushButton::clicked, this, &FleetPage::settingsRequested);
    mNotes->setObjectName(QStringLiteral("fleetNotes"));
    mNotes->setWordWrap(true);
    mNotes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mNotes->hide();

    mTopologyArea->setObjectName(QStringLiteral("fleetTopologyArea"));
    mTopologyArea->setWidget(mTopology);
    mTopologyArea->setWidgetResizable(true);
    mTopologyArea->setFrameShape(QFrame::NoFrame);
    mTopologyArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    mTopologyArea->setMinimumWidth(mTopology->minimumSizeHint().width() + 20);
    mSplitter->setObjectName(QStringLiteral("fleetSplitter"));
    mSplitter->addWidget(mFleet);
    mSplitter->addWidget(mTopologyArea);
    mSplitter->setStretchFactor(0, 3);
    mSplitter->setStretchFactor(1, 0); // the table takes the room the picture does not need
    mSplitter->setChildrenCollapsible(false);
    // (splitterMoved comes from the handle only, never from setSizes().)
    connect(mSplitter, &QSplitter::splitterMoved, this, [this] { mPictureByUser = mSplitter->sizes().value(1); });

    // Queued: the columns are fitted while the table's own layout is setting its children's sizes; resizing the
    // table from in there left the filter box as wide as the table was before.
    connect(mFleet, &FleetWidget::columnsFitted, this, &FleetPage::balance, Qt::QueuedConnection);
    connect(mFleet, &FleetWidget::entryActivated, this, &FleetPage::entryActivated);
    connect(mFleet, &FleetWidget::muteRequested, this, &FleetPage::muteRequested);
    connect(mFleet, &FleetWidget::rpoTargetRequested, this, &FleetPage::rpoTargetRequested);
    connect(mTopology, &FleetTopologyWidget::clusterClicked, this,
        [this](const QString &context) { mFleet->filterEdit()->setText(context); });

    auto *top = new QHBoxLayout;
    top->addWidget(title, 1);
    top->addWidget(mSettings);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(mNotes);
    layout->addWidget(mSplitter, 1);
    refresh();
}

void FleetPage::setService(FleetService *service)
{
    if (mService)
        mService->monitor()->disconnect(this);
    mService = service;
    mModel->setMonitor(service ? service->monitor() : nullptr);
    if (service) {
        connect(service->monitor(), &FleetMonitor::entriesChanged, this, &FleetPage::refreshSoon);
        connect(service->monitor(), &FleetMonitor::ready, this, &FleetPage::refresh);
        connect(service->monitor(), &FleetMonitor::reachabilityChanged, this, &FleetPage::refresh);
        mFleet->setMutedKeys(service->muted());
    }
    refresh();
}

QString FleetPage::summary() const
{
    return mFleet->summary();
}

void FleetPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    balance();
}

void FleetPage::balance()
{
    // The table first: it gets the width at which every column shows its words (so nothing elides or hides behind a
    // sideways scroll bar at 1024x700); the picture gets the rest, between its minimum and what it would like. A
    // wider window widens the table.
    // Once the user dragged the splitter, the picture keeps the width they gave it (as far as the table keeps its
    // minimum), whatever the window's size or the table's needs.
    const int total = mSplitter->width() - mSplitter->handleWidth();
    if (total <= 0 || mBalancing)
        return;
    mBalancing = true;
    const int minimum = mTopologyArea->minimumWidth();
    const int preferred = std::max(minimum, mTopology->sizeHint().width() + 20);
    const int picture = mPictureByUser > 0
        ? std::max(minimum, std::min(mPictureByUser, total - mFleet->minimumSizeHint().width()))
        : std::clamp(total - mFleet->neededWidth(), minimum, preferred);
    mSplitter->setSizes({total - picture, picture});
    mBalancing = false;
}

void FleetPage::refreshSoon()
{
    if (mRefreshTimer->isActive())
        return;
    const qint64 since = mSinceRefresh.isValid() ? mSinceRefresh.elapsed() : kRefreshMs;
    if (since >= kRefreshMs)
        refresh();
    else
        mRefreshTimer->start(int(kRefreshMs - since));
}

void FleetPage::refresh()
{
    mRefreshTimer->stop();
    mSinceRefresh.start();
    FleetMonitor *monitor = mService ? mService->monitor() : nullptr;
    mTopology->setTopology(
        monitor ? FleetTopology::of(monitor->entries(), monitor->unreachableContexts()) : FleetTopology());
    QStringList notes = monitor ? monitor->notes() : QStringList();
    if (monitor && !monitor->isReady())
        notes.prepend(tr("Listing the VolSync objects of %n cluster(s)…", nullptr, int(monitor->contexts().size())));
    mNotes->setText(notes.join(QLatin1Char('\n')));
    mNotes->setVisible(!notes.isEmpty());
}
