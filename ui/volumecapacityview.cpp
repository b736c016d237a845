// SPDX-License-Identifier: GPL-3.0-or-later
#include "volumecapacityview.h"

#include "engine/replicationengine.h"
#include "engine/volumecapacitymonitor.h"
#include "statusstyle.h"

#include <QFormLayout>
#include <QLabel>

VolumeCapacityView::VolumeCapacityView(QFormLayout *sourceForm, QFormLayout *destinationForm, QObject *parent)
    : QObject(parent)
{
    const auto addRow = [](QFormLayout *form, const QString &name) {
        auto *value = new QLabel(form->parentWidget());
        value->setObjectName(name);
        value->setTextFormat(Qt::RichText);
        value->setWordWrap(true);
        auto *label = new QLabel(tr("Capacity:"), form->parentWidget());
        label->setObjectName(name + QStringLiteral("Label"));
        form->addRow(label, value);
        return value;
    };
    mSource = addRow(sourceForm, QStringLiteral("sourceCapacity"));
    mDestination = addRow(destinationForm, QStringLiteral("destinationCapacity"));
}

VolumeCapacityView::~VolumeCapacityView() = default;

void VolumeCapacityView::show(ReplicationEngine *engine, const ReplicationRelationship &relationship)
{
    if (engine == mEngine && mMonitor && mMonitor->watchesVolumesOf(relationship))
        return;
    delete mMonitor;
    mEngine = engine;
    if (engine && !relationship.name.isEmpty()) {
        mMonitor = engine->capacityMonitor(relationship, this);
        connect(mMonitor, &VolumeCapacityMonitor::changed, this, &VolumeCapacityView::refresh);
    }
    refresh();
}

void VolumeCapacityView::refresh()
{
    if (!mMonitor || !mMonitor->isReady()) {
        mSource->setText(QStringLiteral("…"));
        mDestination->setText(QStringLiteral("…"));
        return;
    }
    const QString source = mMonitor->sourceSize();
    const QString destination = mMonitor->destinationSize();
    mSource->setText(source.isEmpty() ? tr("unknown") : source.toHtmlEscaped());
    QString text = destination.isEmpty()
        ? tr("unknown")
        : (mMonitor->destinationIsPlanned() ? tr("%1 (when created)").arg(destination) : destination).toHtmlEscaped();
    if (mMonitor->problem()) {
        text = StatusStyle::badgeHtml(StatusStyle::Kind::Warning,
            tr("%1: smaller than the source (%2); change it with Change Setup…").arg(destination, source),
            mDestination->palette());
    }
    mDestination->setText(text);
}
