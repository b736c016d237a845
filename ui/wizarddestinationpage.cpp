// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizarddestinationpage.h"

#include "engine/clusterinventory.h"
#include "engine/relationshipdraft.h"
#include "engine/relationshippreflight.h"
#include "engine/replicationengine.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "wizardcombo.h"
#include "wizardfindings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace {
using Field = DraftFinding::Field;
} // namespace

WizardDestinationPage::WizardDestinationPage(QWidget *parent)
    : WizardSidePage(parent)
{
    setObjectName(QStringLiteral("wizardDestinationPage"));
    setTitle(tr("Destination: where the copy goes"));
    setSubTitle(tr("VolSync keeps a copy of the volume here, refreshed at every sync."));
    mContext = new QComboBox(this);
    mContext->setObjectName(QStringLiteral("destinationContextCombo"));
    mNamespace = new QComboBox(this);
    mNamespace->setObjectName(QStringLiteral("destinationNamespaceCombo"));
    mNamespace->setEditable(true);
    mNamespace->setInsertPolicy(QComboBox::NoInsert);
    mCreateNamespace = new QCheckBox(this);
    mCreateNamespace->setObjectName(QStringLiteral("createNamespaceCheck"));
    mCreateNamespace->setChecked(true);
    mCreateNamespace->setVisible(false);
    mName = new QLineEdit(this);
    mName->setObjectName(QStringLiteral("destinationNameEdit"));
    mCopyMethod = new QComboBox(this);
    mCopyMethod->setObjectName(QStringLiteral("destinationCopyMethodCombo"));
    mCopyMethod->addItem(tr("Snapshot (keep each copy as a VolumeSnapshot)"), QStringLiteral("Snapshot"));
    mCopyMethod->addItem(tr("Direct (write into one volume)"), QStringLiteral("Direct"));
    mCopyMethod->addItem(tr("None (write into one volume, no snapshot)"), QStringLiteral("None"));
    mCopyExplanation = noteLabel("destinationCopyMethodExplanation");
    mCapacity = new QLineEdit(this);
    mCapacity->setObjectName(QStringLiteral("destinationCapacityEdit"));
    mAccessModes = new QLineEdit(this);
    mAccessModes->setObjectName(QStringLiteral("destinationAccessModesEdit"));
    mStorageClass = new QComboBox(this);
    mStorageClass->setObjectName(QStringLiteral("destinationStorageClassCombo"));
    mSnapshotClass = new QComboBox(this);
    mSnapshotClass->setObjectName(QStringLiteral("destinationSnapshotClassCombo"));
    mServiceType = new QComboBox(this);
    mServiceType->setObjectName(QStringLiteral("destinationServiceTypeCombo"));
    mServiceType->addItem(QStringLiteral("ClusterIP"), QStringLiteral("ClusterIP"));
    mServiceType->addItem(QStringLiteral("LoadBalancer"), QStringLiteral("LoadBalancer"));
    mServiceHint = noteLabel("destinationServiceHint");
    mRsyncTls = new QCheckBox(tr("Use rsync over &TLS (no privileged mover needed; newer file format)"), this);
    mRsyncTls->setObjectName(QStringLiteral("rsyncTlsCheck"));
    mFindings = noteLabel("destinationError", true);

    auto *form = new QFormLayout(this);
    const auto addRow
        = [this, form](const QString &text, QWidget *field, const char *name) { addFormRow(form, text, field, name); };
    // Mnemonics: none of B, N, F, A (the wizard's Back, Next, Finish and Apply).
    addRow(tr("&Cluster:"), mContext, "destinationContextLabel");
    addRow(tr("Namespac&e:"), mNamespace, "destinationNamespaceLabel");
    form->addRow(QString(), mCreateNamespace);
    addRow(tr("Na&me:"), mName, "destinationNameLabel");
    addRow(tr("Cop&y method:"), mCopyMethod, "destinationCopyMethodLabel");
    form->addRow(QString(), mCopyExplanation);
    addRow(tr("Ca&pacity:"), mCapacity, "destinationCapacityLabel");
    addRow(tr("Access mo&des:"), mAccessModes, "destinationAccessModesLabel");
    addRow(tr("&Storage class:"), mStorageClass, "destinationStorageClassLabel");
    addRow(tr("Snapshot c&lass:"), mSnapshotClass, "destinationSnapshotClassLabel");
    addRow(tr("Ser&vice type:"), mServiceType, "destinationServiceTypeLabel");
    form->addRow(QString(), mServiceHint);
    form->addRow(QString(), mRsyncTls);
    form->addRow(QString(), mFindings);

    connect(mContext, &QComboBox::currentIndexChanged, this, &WizardDestinationPage::useContext);
    connect(mNamespace, &QComboBox::currentTextChanged, this, &WizardDestinationPage::update);
    connect(mName, &QLineEdit::textChanged, this, &WizardDestinationPage::update);
    connect(mCopyMethod, &QComboBox::currentIndexChanged, this, &WizardDestinationPage::update);
    connect(mCapacity, &QLineEdit::textChanged, this, &WizardDestinationPage::update);
    connect(mAccessModes, &QLineEdit::textChanged, this, &WizardDestinationPage::update);
    connect(mCreateNamespace, &QCheckBox::toggled, this, &WizardDestinationPage::update);
    connect(mStorageClass, &QComboBox::currentIndexChanged, this, &WizardDestinationPage::update);
    connect(mSnapshotClass, &QComboBox::currentIndexChanged, this, &WizardDestinationPage::update);
    connect(mRsyncTls, &QCheckBox::toggled, this, &WizardDestinationPage::update);
    connect(mServiceType, &QComboBox::activated, this, [this]() {
        if (SetupWizard *w = setupWizard()) {
            w->draft()->setServiceType(serviceType(), true);
        }
        update();
    });
}

void WizardDestinationPage::initializePage()
{
    SetupWizard *w = setupWizard();
    if (!w || !w->engine()) {
        return;
    }
    RelationshipDraft *draft = w->draft();
    if (mContext->count() == 0) {
        {
            const QSignalBlocker blocker(mContext);
            for (const QString &name : w->engine()->contextNames()) {
                mContext->addItem(name, name);
            }
            // Another cluster than the source's when there is one: the usual disaster-recovery case.
            int pick = mContext->findData(draft->destinationContext());
            for (int i = 0; pick < 0 && i < mContext->count(); ++i) {
                if (mContext->itemData(i).toString() != draft->sourceContext()) {
                    pick = i;
                }
            }
            mContext->setCurrentIndex(qMax(0, pick));
        }
        const QSignalBlocker blockers[] {QSignalBlocker(mNamespace), QSignalBlocker(mName), QSignalBlocker(mCapacity),
            QSignalBlocker(mAccessModes), QSignalBlocker(mRsyncTls)};
        mNamespace->setEditText(draft->destinationNamespace());
        mName->setText(draft->destinationName());
        WizardCombo::selectData(mCopyMethod, draft->destinationCopyMethod());
        mCapacity->setText(draft->capacity());
        mAccessModes->setText(draft->destinationAccessModes().join(QLatin1Char(',')));
        WizardCombo::selectData(mServiceType, draft->serviceType());
        mRsyncTls->setChecked(draft->rsyncTls());
        if (draft->isExisting() && draft->original()->destination) {
            mDefaultsFor = draft->sourceContext() + QLatin1Char('/') + draft->sourceNamespace() + QLatin1Char('/')
                + draft->sourcePvc();
        }
        useContext();
    }
    takeDefaultsFromSource();
    update();
}

void WizardDestinationPage::takeDefaultsFromSource()
{
    SetupWizard *w = setupWizard();
    RelationshipDraft *draft = w->draft();
    const QString sourceKey
        = draft->sourceContext() + QLatin1Char('/') + draft->sourceNamespace() + QLatin1Char('/') + draft->sourcePvc();
    if (mDefaultsFor == sourceKey) {
        return;
    }
    mDefaultsFor = sourceKey;
    const auto pvc = w->inventory(draft->sourceContext())->pvc(draft->sourceNamespace(), draft->sourcePvc());
    mName->setText(draft->sourcePvc());
    mCapacity->setText(pvc ? pvc->requestedSize : QString());
    mAccessModes->setText(pvc ? pvc->accessModes.join(QLatin1Char(',')) : QString());
    if (mNamespace->currentText().isEmpty()) {
        mNamespace->setEditText(draft->sourceNamespace());
    }
}

void WizardDestinationPage::useContext()
{
    SetupWizard *w = setupWizard();
    if (!w || context().isEmpty()) {
        return;
    }
    w->draft()->setDestinationContext(context());
    followInventory();
}

void WizardDestinationPage::showInventory()
{
    SetupWizard *w = setupWizard();
    if (!w || !mInventory) {
        return;
    }
    const RelationshipDraft *draft = w->draft();
    {
        // The namespace is typed or picked: keep the text while the list changes.
        const QString typed = mNamespace->currentText();
        const QSignalBlocker blocker(mNamespace);
        const QStringList names = mInventory->offeredNamespaces();
        QStringList shown;
        for (int i = 0; i < mNamespace->count(); ++i) {
            shown.append(mNamespace->itemText(i));
        }
        if (shown != names) {
            mNamespace->clear();
            for (const QString &ns : names) {
                mNamespace->addItem(ns, ns);
            }
        }
        mNamespace->setEditText(typed);
    }
    QList<std::pair<QString, QString>> storageClasses {{tr("Cluster default"), QString()}};
    for (const ClusterInventory::StorageClass &sc : mInventory->storageClasses()) {
        storageClasses.append({sc.name, sc.name});
    }
    WizardCombo::setItems(mStorageClass, storageClasses, draft->destinationStorageClass());
    QList<std::pair<QString, QString>> snapshotClasses {{tr("Cluster default"), QString()}};
    for (const ClusterInventory::SnapshotClass &vsc : mInventory->snapshotClasses()) {
        snapshotClasses.append({vsc.name, vsc.name});
    }
    WizardCombo::setItems(mSnapshotClass, snapshotClasses, draft->destinationSnapshotClass());
    update();
}

void WizardDestinationPage::update()
{
    SetupWizard *w = setupWizard();
    if (!w || mUpdating) {
        return;
    }
    mUpdating = true;
    RelationshipDraft *draft = w->draft();
    draft->setDestinationContext(context());
    draft->setDestinationNamespace(namespaceName());
    draft->setDestinationName(name());
    draft->setDestinationCopyMethod(copyMethod());
    draft->setCapacity(capacity());
    draft->setDestinationAccessModes(accessModes());
    if (isLoaded()) {
        // Until the classes are listed the combos are empty: keep the draft's (an edited relationship's) choice.
        draft->setDestinationStorageClass(storageClass());
        draft->setDestinationSnapshotClass(snapshotClass());
    }
    draft->setRsyncTls(mRsyncTls->isChecked());
    if (!draft->isServiceTypeChosen()) {
        draft->setServiceType(draft->suggestedServiceType(), false);
        WizardCombo::selectData(mServiceType, draft->serviceType());
    }
    const QString ns = namespaceName();
    // Offer to create a namespace only when its name is valid and the cluster does not have it.
    const bool offer = isLoaded() && !ns.isEmpty() && !mInventory->hasNamespace(ns)
        && DraftFinding::about(RelationshipPreflight::destination(*draft, {}), {Field::DestinationNamespace}).isEmpty();
    mCreateNamespace->setVisible(offer);
    mCreateNamespace->setText(tr("The namespace \"%1\" does not exist on %2: c&reate it").arg(ns, context()));
    draft->setCreateDestinationNamespace(offer && mCreateNamespace->isChecked());
    mCopyExplanation->setText(copyMethod() == QLatin1String("Snapshot")
            ? tr("Each sync ends with a new VolumeSnapshot of the destination volume; the latest one is the copy.")
            : tr("Each sync writes into the destination volume \"%1\" itself; no snapshot is taken.").arg(name()));
    mServiceHint->setText(draft->sourceContext() == context()
            ? tr("Suggested: ClusterIP, since the source is in the same cluster.")
            : tr("Suggested: LoadBalancer, since the source is in another cluster and must reach this one."));
    // Checked as you type: a wrong name shows at once, not only on Next.
    QList<DraftFinding> shown = findings();
    if (!isLoaded()) {
        shown = DraftFinding::about(
            shown, {Field::DestinationNamespace, Field::DestinationName, Field::Capacity, Field::AccessModes});
    }
    mFindings->setText(WizardFindings::html(shown, palette()));
    mUpdating = false;
    Q_EMIT completeChanged();
}

bool WizardDestinationPage::isLoaded() const
{
    return mInventory && mInventory->isLoaded();
}

QList<DraftFinding> WizardDestinationPage::findings() const
{
    SetupWizard *w = setupWizard();
    return w ? RelationshipPreflight::destination(*w->draft(), w->preflightContext()) : QList<DraftFinding>();
}

QString WizardDestinationPage::namespaceName() const
{
    return mNamespace->currentText().trimmed();
}

bool WizardDestinationPage::namespaceExists() const
{
    return mInventory && mInventory->hasNamespace(namespaceName());
}

bool WizardDestinationPage::createNamespace() const
{
    SetupWizard *w = setupWizard();
    return w && w->draft()->createDestinationNamespace();
}

QString WizardDestinationPage::name() const
{
    return mName->text().trimmed();
}

QString WizardDestinationPage::capacity() const
{
    return mCapacity->text().trimmed();
}

QStringList WizardDestinationPage::accessModes() const
{
    QStringList modes;
    const QStringList parts = mAccessModes->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        modes.append(part.trimmed());
    }
    return modes;
}

QString WizardDestinationPage::serviceType() const
{
    return mServiceType->currentData().toString();
}

bool WizardDestinationPage::rsyncTls() const
{
    return mRsyncTls->isChecked();
}

bool WizardDestinationPage::select(const QString &which, const QString &text)
{
    if (which == QLatin1String("namespace")) {
        mNamespace->setEditText(text);
        return true;
    }
    if (which == QLatin1String("name")) {
        mName->setText(text);
        return true;
    }
    if (which == QLatin1String("capacity")) {
        mCapacity->setText(text);
        return true;
    }
    if (which == QLatin1String("rsyncTls")) {
        mRsyncTls->setChecked(text == QLatin1String("true"));
        return true;
    }
    QComboBox *combo = which == QLatin1String("context") ? mContext
        : which == QLatin1String("copyMethod")           ? mCopyMethod
        : which == QLatin1String("storageClass")         ? mStorageClass
        : which == QLatin1String("snapshotClass")        ? mSnapshotClass
                                                         : mServiceType;
    if (!WizardCombo::selectData(combo, text)) {
        return false;
    }
    if (combo == mServiceType) {
        SetupWizard *w = setupWizard();
        w->draft()->setServiceType(text, true);
    }
    update();
    return true;
}
