#include "ui/scale/llm_config_form.h"

#include "ui/scale/at_scale_figures.h"
#include "ui/settings/settings_form.h"

#include "core/scale/llm_config.h"
#include "core/scale/llm_presets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace moe::ui {
namespace {

QString key(const QString& field) { return QStringLiteral("llm.") + field; }

const char* const kGroupedRows[] = {"attention.kv_heads", "attention.head_dim"};
const char* const kLatentRows[] = {"attention.q_lora_rank", "attention.kv_lora_rank", "attention.qk_nope_head_dim",
                                   "attention.qk_rope_head_dim", "attention.v_head_dim"};

}  // namespace

QSpinBox* LlmConfigForm::addCount(const QString& field, const QString& label, int lo, int hi, const QString& tip) {
    QSpinBox* box = SettingsForm::spinBox(lo, hi, tip);
    box->setGroupSeparatorShown(true);
    m_form->addField(key(field), label, box);
    m_counts.insert(field, box);
    connect(box, &QSpinBox::valueChanged, this, &LlmConfigForm::onEdited);
    return box;
}

LlmConfigForm::LlmConfigForm(QWidget* parent) : QWidget(parent) {
    m_form = new SettingsForm(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_form);

    m_preset = new QComboBox;
    for (const std::string& name : moe::llmPresetNames()) m_preset->addItem(QString::fromStdString(name));
    m_preset->setToolTip(tr("<p>A published MoE language model, with the shape its authors give (the source is "
                            "under the figures). Choosing one replaces every field; edit them after to ask "
                            "\"what if\".</p>"));
    m_form->addField(key(QStringLiteral("preset")), tr("Model"), m_preset);
    connect(m_preset, &QComboBox::currentTextChanged, this, [this](const QString& name) {
        selectPreset(name);
        emit presetChosen();
        emit changed();
    });

    const int W = moe::kLlmMaxWidth;
    const int N = moe::kLlmMaxCount;
    m_form->addNote(QStringLiteral("llm.shapeNote"), tr("<b>Shape</b>"));
    addCount(QStringLiteral("hidden"), tr("Hidden width"), 0, W, tr("<p>The width of every token's vector between the layers (d_model).</p>"));
    addCount(QStringLiteral("layers"), tr("Layers"), 0, N, tr("<p>Decoder layers: each has attention and a feed-forward block (dense or MoE).</p>"));
    addCount(QStringLiteral("vocab"), tr("Vocabulary"), 0, W, tr("<p>Tokens in the vocabulary: the size of the embedding and unembedding tables.</p>"));
    // The names go in the label column: a checkbox's own text would widen the narrow form.
    m_tied = new QCheckBox;
    m_tied->setToolTip(tr("<p>The unembedding is the embedding matrix again: one vocab x hidden table fewer.</p>"));
    m_form->addField(key(QStringLiteral("tied_embeddings")), tr("Tied embeddings"), m_tied);
    m_gated = new QCheckBox;
    m_gated->setToolTip(tr("<p>Gate, up and down matrices in every FFN and expert (SwiGLU); off: up and down only.</p>"));
    m_form->addField(key(QStringLiteral("gated_ffn")), tr("Gated FFN"), m_gated);
    m_tied->setAccessibleName(tr("Tied embeddings"));
    m_gated->setAccessibleName(tr("Gated FFN"));
    for (QCheckBox* box : {m_tied, m_gated}) connect(box, &QCheckBox::toggled, this, &LlmConfigForm::onEdited);

    m_form->addNote(QStringLiteral("llm.attentionNote"), tr("<b>Attention</b>"));
    m_attention = new QComboBox;
    m_attention->addItem(tr("grouped"));
    m_attention->addItem(tr("latent (MLA)"));
    m_attention->setToolTip(tr("<p>Grouped-query attention (multi-head when kv heads = heads), or DeepSeek's "
                               "multi-head latent attention, which caches one compressed vector per token.</p>"));
    m_form->addField(key(QStringLiteral("attention.kind")), tr("Kind"), m_attention);
    connect(m_attention, &QComboBox::currentIndexChanged, this, [this] {
        showAttentionRows();
        onEdited();
    });
    addCount(QStringLiteral("attention.heads"), tr("Heads"), 0, N, tr("<p>Query heads of every attention block.</p>"));
    addCount(QStringLiteral("attention.kv_heads"), tr("KV heads"), 0, N, tr("<p>Key and value heads (grouped-query attention); must divide the heads.</p>"));
    addCount(QStringLiteral("attention.head_dim"), tr("Head width"), 0, W, tr("<p>The width of one head.</p>"));
    addCount(QStringLiteral("attention.q_lora_rank"), tr("Query rank"), 0, W, tr("<p>MLA: the low rank queries are projected through; 0 projects them directly.</p>"));
    addCount(QStringLiteral("attention.kv_lora_rank"), tr("KV rank"), 0, W, tr("<p>MLA: the width of the compressed key-value latent each token caches.</p>"));
    addCount(QStringLiteral("attention.qk_nope_head_dim"), tr("QK width"), 0, W, tr("<p>MLA: the query/key head width without rotary embedding.</p>"));
    addCount(QStringLiteral("attention.qk_rope_head_dim"), tr("Rope width"), 0, W, tr("<p>MLA: the query/key head width with rotary embedding.</p>"));
    addCount(QStringLiteral("attention.v_head_dim"), tr("V width"), 0, W, tr("<p>MLA: the value head width.</p>"));

    m_form->addNote(QStringLiteral("llm.ffnNote"), tr("<b>Feed-forward</b>"));
    addCount(QStringLiteral("dense_layers"), tr("Dense layers"), 0, N, tr("<p>The first layers have a dense FFN instead of experts (DeepSeek-V3: 3).</p>"));
    addCount(QStringLiteral("dense_intermediate"), tr("Dense width"), 0, W, tr("<p>The FFN width of those dense layers.</p>"));
    addCount(QStringLiteral("moe.experts"), tr("Experts"), 0, N, tr("<p>Routed experts in every MoE layer.</p>"));
    addCount(QStringLiteral("moe.top_k"), tr("Top-k"), 0, N, tr("<p>Routed experts each token goes to; at most the experts.</p>"));
    addCount(QStringLiteral("moe.intermediate"), tr("Expert width"), 0, W, tr("<p>The FFN width of one routed expert.</p>"));
    addCount(QStringLiteral("moe.shared_experts"), tr("Shared experts"), 0, N, tr("<p>Always-on experts every token uses besides its routed ones (DeepSeekMoE).</p>"));
    addCount(QStringLiteral("moe.shared_intermediate"), tr("Shared width"), 0, W, tr("<p>The FFN width of one shared expert.</p>"));

    m_form->addNote(QStringLiteral("llm.runNote"), tr("<b>Serving it</b>"));
    addCount(QStringLiteral("context"), tr("Context"), 0, 100'000'000, tr("<p>Tokens a generated token attends to: sets the attention FLOPs and the KV cache.</p>"));
    m_dtype = new QComboBox;
    for (moe::WeightDtype d : moe::allWeightDtypes()) m_dtype->addItem(QString::fromLatin1(moe::weightDtypeName(d)));
    m_dtype->setToolTip(tr("<p>The number format of the weights and of the vectors the all-to-all sends: 4, 2, 1 or "
                           "half a byte per value (no quantisation scales counted).</p>"));
    m_form->addField(key(QStringLiteral("dtype")), tr("Dtype"), m_dtype);
    addCount(QStringLiteral("ranks"), tr("Ranks"), 0, N, tr("<p>Accelerators the routed experts are spread over (expert parallelism); between 1 and the experts.</p>"));
    m_placement = new QComboBox;
    for (moe::Placement pl : {moe::Placement::Contiguous, moe::Placement::RoundRobin, moe::Placement::Balanced})
        m_placement->addItem(QString::fromLatin1(moe::placementName(pl)));
    m_placement->setToolTip(tr("<p>Which rank holds which expert: contiguous blocks (the ranks must divide the "
                               "experts), round-robin, or balanced - greedy by load, as DeepSeek's EPLB packs them.</p>"));
    m_form->addField(key(QStringLiteral("placement")), tr("Placement"), m_placement);
    for (QComboBox* combo : {m_dtype, m_placement}) connect(combo, &QComboBox::currentIndexChanged, this, &LlmConfigForm::onEdited);
    m_tokens = SettingsForm::doubleSpinBox(0, 1e7, 0, 512, tr("<p>Tokens each rank holds in one step of the estimate.</p>"));
    m_form->addField(key(QStringLiteral("tokens_per_rank")), tr("Tokens/rank"), m_tokens);
    m_flops = SettingsForm::doubleSpinBox(0, 1e6, 0, 50, tr("<p>The FLOP rate one rank sustains, in TFLOP/s.</p>"));
    m_flops->setSuffix(tr(" TFLOP/s"));
    m_form->addField(key(QStringLiteral("rank_flops")), tr("Rank speed"), m_flops);
    m_bandwidth = SettingsForm::doubleSpinBox(0, 1e6, 0, 10, tr("<p>The network bandwidth of one rank, each direction, in GB/s.</p>"));
    m_bandwidth->setSuffix(tr(" GB/s"));
    m_form->addField(key(QStringLiteral("rank_bandwidth")), tr("Bandwidth"), m_bandwidth);
    for (QDoubleSpinBox* box : {m_tokens, m_flops, m_bandwidth})
        connect(box, &QDoubleSpinBox::valueChanged, this, &LlmConfigForm::onEdited);

    AtScaleInput defaults;
    const QString first = m_preset->findText(QStringLiteral("mixtral-8x7b")) >= 0 ? QStringLiteral("mixtral-8x7b") : m_preset->itemText(0);
    if (moe::Result<moe::LlmDescription> d = moe::loadLlmPreset(first.toStdString())) {
        defaults.model = d.value();
        defaults.preset = first;
    }
    setInput(defaults);
}

bool LlmConfigForm::selectPreset(const QString& name) {
    moe::Result<moe::LlmDescription> d = moe::loadLlmPreset(name.toStdString());
    if (!d) return false;
    AtScaleInput in = input();
    in.model = d.value();
    in.preset = name;
    // Keep the ranks possible for the new model.
    in.ranks = std::min(std::max(in.ranks, 1), in.model.config.moe.experts);
    setInput(in);
    return true;
}

QString LlmConfigForm::presetName() const { return m_preset->currentText(); }

void LlmConfigForm::onEdited() {
    m_edited = true;
    emit changed();
}

void LlmConfigForm::showAttentionRows() {
    const bool latent = m_attention->currentIndex() == 1;
    for (const char* row : kGroupedRows) m_form->setRowShown(key(QString::fromLatin1(row)), !latent);
    for (const char* row : kLatentRows) m_form->setRowShown(key(QString::fromLatin1(row)), latent);
}

AtScaleInput LlmConfigForm::input() const {
    AtScaleInput in;
    in.model = m_base;
    in.preset = m_preset->currentText();
    moe::LlmConfig& c = in.model.config;
    const auto count = [this](const char* field) { return m_counts.value(QString::fromLatin1(field))->value(); };
    c.hidden = count("hidden");
    c.layers = count("layers");
    c.vocab = count("vocab");
    c.tiedEmbeddings = m_tied->isChecked();
    c.gatedFfn = m_gated->isChecked();
    c.attention.kind = m_attention->currentIndex() == 1 ? moe::AttentionKind::Latent : moe::AttentionKind::Grouped;
    c.attention.heads = count("attention.heads");
    c.attention.kvHeads = count("attention.kv_heads");
    c.attention.headDim = count("attention.head_dim");
    c.attention.qLoraRank = count("attention.q_lora_rank");
    c.attention.kvLoraRank = count("attention.kv_lora_rank");
    c.attention.qkNopeHeadDim = count("attention.qk_nope_head_dim");
    c.attention.qkRopeHeadDim = count("attention.qk_rope_head_dim");
    c.attention.vHeadDim = count("attention.v_head_dim");
    c.denseLayers = count("dense_layers");
    c.denseIntermediate = count("dense_intermediate");
    c.moe.experts = count("moe.experts");
    c.moe.topK = count("moe.top_k");
    c.moe.intermediate = count("moe.intermediate");
    c.moe.sharedExperts = count("moe.shared_experts");
    c.moe.sharedIntermediate = count("moe.shared_intermediate");
    if (m_edited) in.model.published.reset();  // the publisher's figures are of the model as published
    in.context = count("context");
    in.dtype = moe::allWeightDtypes()[static_cast<std::size_t>(std::max(0, m_dtype->currentIndex()))];
    in.ranks = count("ranks");
    in.placement = moe::placementFromName(m_placement->currentText().toStdString()).value_or(moe::Placement::Contiguous);
    in.tokensPerRank = m_tokens->value();
    in.rankFlopsPerSecond = m_flops->value() * 1e12;
    in.rankBytesPerSecond = m_bandwidth->value() * 1e9;
    return in;
}

void LlmConfigForm::setInput(const AtScaleInput& in) {
    std::vector<QSignalBlocker> quiet;
    for (QObject* o : std::initializer_list<QObject*>{m_preset, m_attention, m_tied, m_gated, m_dtype, m_placement, m_tokens, m_flops, m_bandwidth})
        quiet.emplace_back(o);
    for (QSpinBox* box : m_counts) quiet.emplace_back(box);
    m_base = in.model;
    m_edited = false;
    if (!in.preset.isEmpty()) m_preset->setCurrentText(in.preset);
    const moe::LlmConfig& c = in.model.config;
    const auto set = [this](const char* field, int value) { m_counts.value(QString::fromLatin1(field))->setValue(value); };
    set("hidden", c.hidden);
    set("layers", c.layers);
    set("vocab", c.vocab);
    m_tied->setChecked(c.tiedEmbeddings);
    m_gated->setChecked(c.gatedFfn);
    m_attention->setCurrentIndex(c.attention.kind == moe::AttentionKind::Latent ? 1 : 0);
    set("attention.heads", c.attention.heads);
    set("attention.kv_heads", c.attention.kvHeads);
    set("attention.head_dim", c.attention.headDim);
    set("attention.q_lora_rank", c.attention.qLoraRank);
    set("attention.kv_lora_rank", c.attention.kvLoraRank);
    set("attention.qk_nope_head_dim", c.attention.qkNopeHeadDim);
    set("attention.qk_rope_head_dim", c.attention.qkRopeHeadDim);
    set("attention.v_head_dim", c.attention.vHeadDim);
    set("dense_layers", c.denseLayers);
    set("dense_intermediate", c.denseIntermediate);
    set("moe.experts", c.moe.experts);
    set("moe.top_k", c.moe.topK);
    set("moe.intermediate", c.moe.intermediate);
    set("moe.shared_experts", c.moe.sharedExperts);
    set("moe.shared_intermediate", c.moe.sharedIntermediate);
    set("context", in.context);
    m_dtype->setCurrentIndex(static_cast<int>(in.dtype));
    set("ranks", in.ranks);
    m_placement->setCurrentText(QString::fromLatin1(moe::placementName(in.placement)));
    m_tokens->setValue(in.tokensPerRank);
    m_flops->setValue(in.rankFlopsPerSecond / 1e12);
    m_bandwidth->setValue(in.rankBytesPerSecond / 1e9);
    showAttentionRows();
}

bool LlmConfigForm::showError(const AtScaleFigures& figures) {
    m_form->clearErrors();
    if (figures.error.isEmpty()) return false;
    QString field = figures.errorField;
    if (field == QLatin1String("loads")) field = QStringLiteral("moe.experts");
    if (!m_form->hasField(key(field))) return false;
    const QString message = figures.error.section(QLatin1Char(':'), 1).trimmed();
    m_form->setError(key(field), message.isEmpty() ? figures.error : message);
    return true;
}

QWidget* LlmConfigForm::field(const QString& name) const { return m_form->field(key(name)); }

QString LlmConfigForm::errorOf(const QString& name) const { return m_form->error(key(name)); }

}  // namespace moe::ui
