"""The engine's words in the UI language: chain-rule meanings, step-through titles, the compare
verdict, fault messages, dataset descriptions and the engine's error messages.

The engine keeps English and never imports Qt; where its text reaches a widget it builds a
:class:`gradsim.engine.text.Text` (a ``str`` that remembers its template and fields).
:func:`translated` looks the template up under the ``EngineText`` context and formats the
translation with the same fields (translating fields that are :class:`Text` themselves), so
numbers, names and file paths stay exactly as the engine wrote them. A template missing here, or
a plain ``str`` (a system error message, a name), is shown in the engine's English.

:data:`TEMPLATES` lists every template the engine writes, marked with ``QT_TRANSLATE_NOOP`` so
``pyside6-lupdate`` extracts them; ``tests/ui/test_engine_text.py`` reads the ``Text("…")``
literals from the engine's source and fails when one is missing here (add it, then run
``python packaging/translations.py`` and translate it in the .ts).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from gradsim.engine.datasets import DESCRIPTIONS
from gradsim.engine.text import Text, reason
from gradsim.engine.events import NonFinite, RunEvent

CONTEXT = "EngineText"

TEMPLATES = frozenset({
    # chain_rule.py
    QT_TRANSLATE_NOOP("EngineText", "= out_{source}, the input that {weight} multiplies"),
    QT_TRANSLATE_NOOP("EngineText", "how the error changes with this output"),
    QT_TRANSLATE_NOOP("EngineText", "out − target (fused with the loss)"),
    QT_TRANSLATE_NOOP("EngineText", "(out − target) / {n}: the loss is fused with the output and averaged over "
                                    "{n} outputs"),
    QT_TRANSLATE_NOOP("EngineText", "through batch norm (couples the batch)"),
    QT_TRANSLATE_NOOP("EngineText", "through batch norm, which couples this sample to the batch"),
    QT_TRANSLATE_NOOP("EngineText", "batch norm's scale γ over the batch's standard deviation σ"),
    QT_TRANSLATE_NOOP("EngineText", "minus the batch mean of ∂E/∂u: the mean moves with every sample"),
    QT_TRANSLATE_NOOP("EngineText", "minus the part along ẑ: the batch variance moves with every sample"),
    QT_TRANSLATE_NOOP("EngineText", "δ, summed by backprop over every later path"),
    QT_TRANSLATE_NOOP("EngineText", "gradient at the skip's target"),
    QT_TRANSLATE_NOOP("EngineText", "identity shortcut: the residual's +1"),
    QT_TRANSLATE_NOOP("EngineText", "learned projection shortcut"),
    QT_TRANSLATE_NOOP("EngineText", "skip to layer {layer}"),
    QT_TRANSLATE_NOOP("EngineText", "{activation}′ at {wrt}_{neuron}"),
    QT_TRANSLATE_NOOP("EngineText", "= {weight}"),
    QT_TRANSLATE_NOOP("EngineText", "every route from out_{neuron} to the error, added up"),
    QT_TRANSLATE_NOOP("EngineText", "mean over the batch of {n} samples of each sample's ∂E/∂{weight}"),
    # compare.py
    QT_TRANSLATE_NOOP("EngineText", "unknown remedy {remedy!r} (known: {known})"),
    QT_TRANSLATE_NOOP("EngineText", "remedy {remedy!r} needs at least one hidden layer"),
    QT_TRANSLATE_NOOP("EngineText", "remedy 'residual' needs two hidden layers, or a first hidden layer as wide "
                                    "as the input"),
    QT_TRANSLATE_NOOP("EngineText", "Both runs blew up (non-finite values): neither {a} nor {b} keeps gradients "
                                    "in check."),
    QT_TRANSLATE_NOOP("EngineText", "Not enough steps yet to compare (run both for a few steps)."),
    QT_TRANSLATE_NOOP("EngineText", "Both runs fare alike — {a}: {text_a} · {b}: {text_b}"),
    QT_TRANSLATE_NOOP("EngineText", "{better} fares better — {a}: {text_a} · {b}: {text_b}"),
    # diagnosis.py
    QT_TRANSLATE_NOOP("EngineText", "Overflow: {message}. The gradient exploded and training stopped."),
    QT_TRANSLATE_NOOP("EngineText", "No training step yet"),
    QT_TRANSLATE_NOOP("EngineText", "Exploding: the gradient norm grew {ratio}× in {steps} step(s) — lower the "
                                    "learning rate or enable clipping"),
    QT_TRANSLATE_NOOP("EngineText", "Converged: training loss {loss}, under 1% of a constant guess's {chance} — "
                                    "the network has learned its training data; its gradients are small because "
                                    "its errors are"),
    QT_TRANSLATE_NOOP("EngineText", "Healthy: no hidden layer, so nothing for the gradient to vanish in"),
    QT_TRANSLATE_NOOP("EngineText", "Dead units: the exploding update at step {step} (it changed weights by "
                                    "{ratio}× their own size) switched off {fraction} of layer {layer}'s units — "
                                    "they have f′ = 0 for every sample and get no gradient to recover; lower the "
                                    "learning rate or clip the gradient"),
    QT_TRANSLATE_NOOP("EngineText", "Dead layer: every unit of layer {layer} has f′ = 0 for every sample, so no "
                                    "gradient reaches the layers below it — try LeakyReLU, a smaller learning rate "
                                    "or He initialisation"),
    QT_TRANSLATE_NOOP("EngineText", "Dead units: {fraction} of layer {layer}'s units have f′ = 0 for every sample, "
                                    "so no gradient passes through them — try LeakyReLU or a smaller learning rate"),
    QT_TRANSLATE_NOOP("EngineText", "Vanishing: the gradient reaching layer {layer} is {ratio} of the gradient "
                                    "reaching layer {top} — it shrinks on its way down through the hidden layers"),
    QT_TRANSLATE_NOOP("EngineText", "Exploding: the gradient reaching layer {layer} is {ratio}× the gradient "
                                    "reaching layer {top} — it grows on its way down through the hidden layers"),
    QT_TRANSLATE_NOOP("EngineText", "Healthy: the gradient reaching layer {layer} is {ratio}× the gradient "
                                    "reaching layer {top}"),
    QT_TRANSLATE_NOOP("EngineText", "Saturated: {fraction} of layer {layer}'s activations sit where f′ is below 1% "
                                    "of its maximum — gradients stall there"),
    QT_TRANSLATE_NOOP("EngineText", "Healthy: one hidden layer, so the gradient crosses no stack of hidden layers "
                                    "where it could vanish or explode"),
    QT_TRANSLATE_NOOP("EngineText", "Overflow: the gradient of {weight} is not a finite number — the values along "
                                    "its path overflowed"),
    QT_TRANSLATE_NOOP("EngineText", "Dead unit: {unit} has f′ = 0 for every sample of the batch, so {weight} gets "
                                    "no gradient"),
    QT_TRANSLATE_NOOP("EngineText", "Dead input: {unit} outputs 0 for every sample of the batch, so {weight}, which "
                                    "multiplies that output, gets no gradient"),
    QT_TRANSLATE_NOOP("EngineText", "Dead layer: every unit of layer {layer} has f′ = 0 for every sample, so no "
                                    "gradient reaches {weight}"),
    QT_TRANSLATE_NOOP("EngineText", "Saturated: {unit}'s f′ is below 1% of its maximum for {fraction} of the "
                                    "samples — the gradient of {weight} stalls there"),
    QT_TRANSLATE_NOOP("EngineText", "Healthy: no hidden layer lies between {weight} and the output layer, so its "
                                    "gradient crosses none on the way down"),
    # datasets.py
    QT_TRANSLATE_NOOP("EngineText", "{field}: unknown dataset {value!r} (known: {known})"),
    QT_TRANSLATE_NOOP("EngineText", "data.test_fraction: must be a number in [0, 1)"),
    # edits.py
    QT_TRANSLATE_NOOP("EngineText", "add a neuron to"),
    QT_TRANSLATE_NOOP("EngineText", "remove"),
    QT_TRANSLATE_NOOP("EngineText", "resize"),
    QT_TRANSLATE_NOOP("EngineText", "remove a neuron from"),
    QT_TRANSLATE_NOOP("EngineText", "add a residual connection to"),
    QT_TRANSLATE_NOOP("EngineText", "Can't {action} the input layer: its size follows the dataset ({dataset!r} "
                                    "has {inputs} input(s))"),
    QT_TRANSLATE_NOOP("EngineText", "Can't {action} the output layer: its size follows the dataset ({dataset!r})"),
    QT_TRANSLATE_NOOP("EngineText", "There is no hidden layer {layer} (hidden layers are 1..{last})"),
    QT_TRANSLATE_NOOP("EngineText", "There is no layer {layer} (layers are 1..{last})"),
    QT_TRANSLATE_NOOP("EngineText", "the inputs"),
    QT_TRANSLATE_NOOP("EngineText", "the output layer"),
    QT_TRANSLATE_NOOP("EngineText", "hidden layer {layer}"),
    QT_TRANSLATE_NOOP("EngineText", "A hidden layer can go at positions 1..{last}, not {position}"),
    QT_TRANSLATE_NOOP("EngineText", "A network can have at most {maximum} layers"),
    QT_TRANSLATE_NOOP("EngineText", "A layer holds 1..{maximum} neurons, not {size}"),
    QT_TRANSLATE_NOOP("EngineText", "{activation!r} is not available for {layer} (choose one of {allowed})"),
    QT_TRANSLATE_NOOP("EngineText", "A residual connection into layer {layer} must come from an earlier layer "
                                    "(0..{last}), not {source}"),
    QT_TRANSLATE_NOOP("EngineText", "A layer holds at most {maximum} neurons"),
    QT_TRANSLATE_NOOP("EngineText", "Hidden layer {layer} has neurons 0..{last}, not {index}"),
    QT_TRANSLATE_NOOP("EngineText", "Can't remove the last neuron of hidden layer {layer}: a layer needs at least "
                                    "one neuron (remove the layer instead)"),
    QT_TRANSLATE_NOOP("EngineText", "There is no weight matrix W{number}"),
    QT_TRANSLATE_NOOP("EngineText", "W{number} has shape {rows}×{columns}; there is no edge [{row},{column}]"),
    QT_TRANSLATE_NOOP("EngineText", "Unknown dataset {dataset!r} (known: {known})"),
    # fileformat.py
    QT_TRANSLATE_NOOP("EngineText", "{field}: missing"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be a number, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be finite, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be a whole number, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be {kind}, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "a list"),
    QT_TRANSLATE_NOOP("EngineText", "a string"),
    QT_TRANSLATE_NOOP("EngineText", "an object"),
    QT_TRANSLATE_NOOP("EngineText", "true or false"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: unknown field (allowed: {allowed})"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be a list of numbers"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be a rectangular list of lists of numbers"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: contains NaN or infinity"),
    QT_TRANSLATE_NOOP("EngineText", "document: must be a JSON object"),
    QT_TRANSLATE_NOOP("EngineText", "format: expected {expected!r}, got {found!r} (is this a gradsim file?)"),
    QT_TRANSLATE_NOOP("EngineText", "version: written by a newer gradsim (version {version}); this one reads "
                                    "version {supported}"),
    QT_TRANSLATE_NOOP("EngineText", "version: must be >= 1, got {version}"),
    QT_TRANSLATE_NOOP("EngineText", 'weight_names: must be "seed" or null, got {found!r}'),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be an object"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be at least 1, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: keys must be weight-matrix numbers (0, 1, …)"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: entries must be 0 or 1"),
    QT_TRANSLATE_NOOP("EngineText", "network.{error}"),
    QT_TRANSLATE_NOOP("EngineText", "parameters.layers: expected {expected} entries (one per weight matrix), got "
                                    "{found}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: shape {shape} does not match the network's {expected}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: this layer has no projection shortcut"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: shape {shape} does not match {expected}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: variances must be >= 0"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: no such file"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: not a text file (a gradsim file is UTF-8 JSON)"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: cannot read ({detail})"),
    QT_TRANSLATE_NOOP("EngineText", "document: {count:,} JSON objects (counting '{{'); a gradsim file has a few per "
                                    "layer, at most {maximum:,} in all"),
    QT_TRANSLATE_NOOP("EngineText", "document: reading it would need about {need} of memory, more than the budget of "
                                    "{budget} (the environment variable {variable} sets it)"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be a permutation of 0 … {last} (the training set's {count} samples)"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be {expected!r}, got {found!r}"),
    QT_TRANSLATE_NOOP("EngineText", "network.layers: at most {maximum} layers, got {count}"),
    QT_TRANSLATE_NOOP("EngineText", "network.masks: more masks ({count}) than weight matrices ({matrices})"),
    QT_TRANSLATE_NOOP("EngineText", "document: not valid JSON (line {line}, column {column}: {detail}) — the file may "
                                    "be truncated"),
    QT_TRANSLATE_NOOP("EngineText", "document: nested too deeply to read (a gradsim file nests a few levels)"),
    QT_TRANSLATE_NOOP("EngineText", "document: not readable as JSON ({detail})"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: numpy refuses it ({detail})"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: not a regular file (gradsim reads only regular files, of at most {limit})"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: {size:,} bytes is more than a gradsim file may have ({limit:,} bytes, a "
                                    "quarter of the memory budget; the environment variable {variable} sets it)"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must hold {expected} numbers (one per trainable parameter), got {found}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be >= 0 (squared gradients)"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: holds NaN or infinity (the run overflowed), so it cannot be saved; "
                                    "reset the run or save it before it overflows"),
    # files.py
    QT_TRANSLATE_NOOP("EngineText", "{path}: not a regular file; gradsim saves only to regular files"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: the file has {links} hard links; saving would give this name a new file "
                                    "and leave the other names with the old contents. Save under another name, or "
                                    "remove the other links first"),
    # initializers.py
    QT_TRANSLATE_NOOP("EngineText", "{field}: unknown initialiser {name!r} (known: {known})"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be >= {other}"),
    # lesson.py, lesson_checks.py, lesson_numbers.py (a lesson file's errors; the lesson's own words are in the file)
    QT_TRANSLATE_NOOP("EngineText", "{path}: not a regular file (a lesson is a JSON file of at most {limit:,} bytes)"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: {size:,} bytes is more than a lesson file may have ({limit:,} bytes)"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: not a text file (a lesson is UTF-8 JSON)"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: not valid JSON (line {line}, column {column}: {detail})"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: nested too deeply to read"),
    QT_TRANSLATE_NOOP("EngineText", "{path}: not readable as JSON ({detail})"),
    QT_TRANSLATE_NOOP("EngineText", "nested too deeply to read"),
    QT_TRANSLATE_NOOP("EngineText", "format: expected {expected!r}, got {found!r} (is this a gradsim lesson?)"),
    QT_TRANSLATE_NOOP("EngineText", "lists a language twice"),
    QT_TRANSLATE_NOOP("EngineText", "must be 1–64 letters, digits, '-' or '_' (starting with a letter or digit), "
                                    "got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "must be a language code such as en, zh or pt_BR, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "cannot quote live numbers (found {name})"),
    QT_TRANSLATE_NOOP("EngineText", "unknown preset {name!r} (known: {known})"),
    QT_TRANSLATE_NOOP("EngineText", "needs exactly one of {allowed}"),
    QT_TRANSLATE_NOOP("EngineText", "only a factor's highlight names a weight"),
    QT_TRANSLATE_NOOP("EngineText", "no option can be right: give one \"correct\": true or a \"correct_if\""),
    QT_TRANSLATE_NOOP("EngineText", "duplicate step id {id!r} (also steps[{index}])"),
    QT_TRANSLATE_NOOP("EngineText", "a string or a list of strings"),
    QT_TRANSLATE_NOOP("EngineText", "must not be empty"),
    QT_TRANSLATE_NOOP("EngineText", "duplicate option id {id!r}"),
    QT_TRANSLATE_NOOP("EngineText", "needs at most one of {first} and {second}"),
    QT_TRANSLATE_NOOP("EngineText", "needs exactly one of {first} and {second}"),
    QT_TRANSLATE_NOOP("EngineText", "does not quote {name}, which {language} quotes"),
    QT_TRANSLATE_NOOP("EngineText", "quotes {name}, which {language} does not"),
    QT_TRANSLATE_NOOP("EngineText", "no unit {name!r} on preset {preset}"),
    QT_TRANSLATE_NOOP("EngineText", "must be a layer of preset {preset} ({first}..{last}), got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "must be a hidden layer of preset {preset} (1..{last}), got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "a factor's highlight needs the weight it belongs to"),
    QT_TRANSLATE_NOOP("EngineText", "no factor {name!r} in the derivation of {weight} on preset {preset}"),
    QT_TRANSLATE_NOOP("EngineText", "must be a condition (an object such as {example}), got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "must have exactly one key, the condition's name (known: {known}); got {count}"),
    QT_TRANSLATE_NOOP("EngineText", "unknown condition {name!r} (known: {known})"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be one of {allowed}, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "must hold at least {count} item(s)"),
    QT_TRANSLATE_NOOP("EngineText", "must be a number or a placeholder name, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "unknown weight {weight!r} on preset {preset}"),
    QT_TRANSLATE_NOOP("EngineText", "must name at least one of {allowed}"),
    QT_TRANSLATE_NOOP("EngineText", "must be [left, operator, right] with an operator of {operators}, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "a factor named in a check needs its weight (add \"weight\")"),
    QT_TRANSLATE_NOOP("EngineText", "unknown placeholder {name} (the lesson format's documentation lists them)"),
    QT_TRANSLATE_NOOP("EngineText", "{name} is measured by training: the step's setup must train at least one step"),
    QT_TRANSLATE_NOOP("EngineText", "{name} is about the selected weight: the step's setup must select one"),
    QT_TRANSLATE_NOOP("EngineText", "{name} does not exist on preset {preset}"),
    QT_TRANSLATE_NOOP("EngineText", "a lone }} at character {position} (write }}}} for a literal brace)"),
    QT_TRANSLATE_NOOP("EngineText", "a {{ at character {position} that does not open a placeholder such as "
                                    "{{dE_dw5}} (write {{{{ for a literal brace)"),
    # limits.py
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be a number between {minimum:g} and {maximum:g}, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be a whole number between {minimum} and {maximum}, got {value}"),
    # jacobian.py
    QT_TRANSLATE_NOOP("EngineText", "no Jacobian: it runs from the first hidden layer to the last, and this network "
                                    "has {count} hidden layer(s)"),
    QT_TRANSLATE_NOOP("EngineText", "no Jacobian: {work:.2g} multiply-adds for {samples} sample(s) is above the limit "
                                    "of {limit:.0e}; use fewer or narrower layers"),
    QT_TRANSLATE_NOOP("EngineText", "no Jacobian: its entries are not finite at this state"),
    # losses.py
    QT_TRANSLATE_NOOP("EngineText", "unknown loss {loss!r} (known: {known})"),
    QT_TRANSLATE_NOOP("EngineText", "loss {loss!r} needs a {need} output layer, not {activation!r}"),
    QT_TRANSLATE_NOOP("EngineText", "a softmax output layer needs the cross-entropy loss"),
    # spec.py
    QT_TRANSLATE_NOOP("EngineText", "{field}: unknown {value!r} (known: {known})"),
    QT_TRANSLATE_NOOP("EngineText", "network.input_size: dataset {dataset!r} has {inputs} input(s), the network "
                                    "takes {size}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: dataset {dataset!r} needs an output layer of size {allowed}, got "
                                    "{size}"),
    QT_TRANSLATE_NOOP("EngineText", "training.loss: cross-entropy with softmax needs at least 2 outputs"),
    QT_TRANSLATE_NOOP("EngineText", "training.batch_size: batch normalization needs batches of at least 2 samples "
                                    "(this run's batches hold {batch}); raise the batch size or turn batch norm "
                                    "off"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: this run would need about {need} of memory ({part} of it here), more "
                                    "than the budget of {budget} (the environment variable {variable} sets it)"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: {error}"),
    QT_TRANSLATE_NOOP("EngineText", "init.biases.name: LSUV rescales weight matrices to fit the data; choose another "
                                    "initialiser for the biases"),
    # stepthrough.py
    QT_TRANSLATE_NOOP("EngineText", "step-through needs a network without batch norm (it couples the batch)"),
    QT_TRANSLATE_NOOP("EngineText", "step-through needs a network without residual links"),
    QT_TRANSLATE_NOOP("EngineText", "step-through needs element-wise output units (not softmax)"),
    QT_TRANSLATE_NOOP("EngineText", "step-through shows one line per weight: at most {limit} weights, this "
                                    "network has {count}"),
    QT_TRANSLATE_NOOP("EngineText", "Forward pass: output layer"),
    QT_TRANSLATE_NOOP("EngineText", "Forward pass: hidden layer"),
    QT_TRANSLATE_NOOP("EngineText", "Forward pass: hidden layer {layer}"),
    QT_TRANSLATE_NOOP("EngineText", "{loss} of out against the target"),
    QT_TRANSLATE_NOOP("EngineText", "Loss"),
    QT_TRANSLATE_NOOP("EngineText", "derivative of {loss}"),
    QT_TRANSLATE_NOOP("EngineText", "Backward pass: output deltas δ = ∂E/∂net"),
    QT_TRANSLATE_NOOP("EngineText", "With a fused loss (bce, cross-entropy) δ = out − target directly."),
    QT_TRANSLATE_NOOP("EngineText", "Backward pass: gradients of the output-layer weights (W{layer})"),
    QT_TRANSLATE_NOOP("EngineText", "Backward pass: gradients of the hidden-layer weights (W{layer})"),
    QT_TRANSLATE_NOOP("EngineText", "Backward pass: gradients of the output-layer weights"),
    QT_TRANSLATE_NOOP("EngineText", "Backward pass: gradients of the hidden-layer weights"),
    QT_TRANSLATE_NOOP("EngineText", "0 (no outgoing edges)"),
    QT_TRANSLATE_NOOP("EngineText", "Backward pass: the error reaching each hidden unit, summed over its paths"),
    QT_TRANSLATE_NOOP("EngineText", "Each hidden output feeds every unit above it, so its gradient is the sum of "
                                    "one term per path."),
    QT_TRANSLATE_NOOP("EngineText", "Every gradient was taken at the old weights; all weights change together."),
    QT_TRANSLATE_NOOP("EngineText", "the {optimizer} optimiser"),
    QT_TRANSLATE_NOOP("EngineText", "clipping"),
    QT_TRANSLATE_NOOP("EngineText", "a batch of several samples"),
    QT_TRANSLATE_NOOP("EngineText", "{note} This run trains with {differences}, so its real step differs."),
    QT_TRANSLATE_NOOP("EngineText", "Update: w⁺ = w − η·∂E/∂w (η = {lr:g})"),
    # text.py
    QT_TRANSLATE_NOOP("EngineText", "{first} and {second}"),
    QT_TRANSLATE_NOOP("EngineText", "{first} and {second} and {third}"),
    QT_TRANSLATE_NOOP("EngineText", "{first} or {second}"),
    # theory.py
    QT_TRANSLATE_NOOP("EngineText", "Predicted at initialisation by the mean-field recursion (Glorot & Bengio 2010, He "
                                    "et al. 2015, Poole et al. 2016). For each sample, a layer's net input is taken "
                                    "as Gaussian over the layer's units, with mean n·E[w]·E[a] + E[b] and variance "
                                    "n·Var[w]·E[a²] + Var[b] (n = fan-in; E[a] and E[a²] over the units below); E[f], "
                                    "E[f²] and E[f′²] under that Gaussian give the layer's output, and its backward "
                                    "gain is √(n·Var[w]·E[f′²]). Assumptions: weights independent of each other and of "
                                    "the data (orthogonal ones count by their variance); the gradient reaching a "
                                    "layer independent of its f′; batch norm at its initial γ = 1, β = 0, with a "
                                    "Gaussian net input; wide layers: the prediction is the average over random "
                                    "initialisations, and one network of width n deviates by about 1/√n per layer, "
                                    "compounding with depth (most in ReLU stacks, and more when the data has only a "
                                    "few input dimensions). The recursion carries E[a²], not Var[a]: sigmoid's "
                                    "outputs average about 0.5, so the zero-mean form Var[z] = n·Var[w]·Var[a] "
                                    "under-predicts every later net input, by a factor that grows with depth. "
                                    "Measured values are of the current state; training moves them away from the "
                                    "prediction."),
    QT_TRANSLATE_NOOP("EngineText", "batch norm divides the backward signal by each unit's spread over the batch, "
                                    "which this recursion does not track"),
    QT_TRANSLATE_NOOP("EngineText", "the weights' mean is not 0: the backward signal then depends on how the "
                                    "gradients' signs line up, not only on their size"),
    QT_TRANSLATE_NOOP("EngineText", "the output layer's gradient comes from the loss, which depends on f′ there"),
    QT_TRANSLATE_NOOP("EngineText", "softmax couples the output units"),
    QT_TRANSLATE_NOOP("EngineText", "a residual link spans a layer above whose gain has no prediction"),
    QT_TRANSLATE_NOOP("EngineText", "the weights are explicit values (hand-set or saved), not drawn by an initialiser"),
    QT_TRANSLATE_NOOP("EngineText", "beyond floating-point range: the predicted signal grows without bound"),
    QT_TRANSLATE_NOOP("EngineText", "no gradient reaches the layer's output in this prediction"),
    QT_TRANSLATE_NOOP("EngineText", "{units} unit(s): the prediction is a spread over many units"),
    QT_TRANSLATE_NOOP("EngineText", "fan-in {fan_in:g} and {units} unit(s): too few for the sums behind the gain to "
                                    "average out"),
    # topology.py
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be a whole number"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must be between 1 and {maximum}, got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "layers: a network needs at least an output layer"),
    QT_TRANSLATE_NOOP("EngineText", "layers: at most {maximum} layers, got {count}"),
    QT_TRANSLATE_NOOP("EngineText", "a hidden layer"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: {activation!r} is not available for {kind} (choose one of {allowed})"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: not supported on a softmax output"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: the output layer cannot take a residual connection"),
    QT_TRANSLATE_NOOP("EngineText", "layers: {count:,} weights is more than gradsim trains (at most {maximum:,}); "
                                    "use fewer or narrower layers"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: shape {shape} does not match W{number} {expected}"),
    QT_TRANSLATE_NOOP("EngineText", "masks: no weight matrix {matrix} (there are {count})"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: must name an earlier layer (0 = inputs .. {last}), got {value}"),
    # trainer.py
    QT_TRANSLATE_NOOP("EngineText", "activations"),
    QT_TRANSLATE_NOOP("EngineText", "gradients"),
    QT_TRANSLATE_NOOP("EngineText", "loss"),
    QT_TRANSLATE_NOOP("EngineText", "update"),
    QT_TRANSLATE_NOOP("EngineText", "Non-finite {quantity} in layer {layer} at step {step} — lower the learning "
                                    "rate or enable clipping"),
    QT_TRANSLATE_NOOP("EngineText", "Non-finite {quantity} at step {step} — lower the learning rate or enable "
                                    "clipping"),
    QT_TRANSLATE_NOOP("EngineText", "Every unit of layer {layer} is dead (f′ = 0 for every sample) at step {step}, "
                                    "right after the exploding update of step {cause} changed weights by {ratio}× "
                                    "their own size — the explosion switched them off; lower the learning rate or "
                                    "clip the gradient"),
    QT_TRANSLATE_NOOP("EngineText", "Every unit of layer {layer} is dead (f′ = 0 for every sample) at step {step} "
                                    "— no gradient reaches the layers below; lower the learning rate, or use "
                                    "LeakyReLU/ELU or He initialisation"),
    QT_TRANSLATE_NOOP("EngineText", "Batch norm in layer {layer} saw the same value for every sample at step "
                                    "{step} (zero variance) — its gradients are round-off noise; is the layer "
                                    "below dead or the data constant?"),
    # recurrent networks: recurrent.py, recurrent_chain_rule.py, and their lines in compare.py, diagnosis.py,
    # fileformat.py, spec.py and trainer.py
    QT_TRANSLATE_NOOP("EngineText", "Overflow: backpropagation through time overflowed on this batch — a gradient "
                                    "is not a finite number"),
    QT_TRANSLATE_NOOP("EngineText", "remedy {remedy!r} is for recurrent networks"),
    QT_TRANSLATE_NOOP("EngineText", "remedy {remedy!r} is for feed-forward networks; a recurrent network takes "
                                    "{known}"),
    QT_TRANSLATE_NOOP("EngineText", "Healthy through time: {reach} reaching the {state} at time step {first} is "
                                    "{ratio}× the one reaching it at step {last}"),
    QT_TRANSLATE_NOOP("EngineText", "cell state"),
    QT_TRANSLATE_NOOP("EngineText", "hidden state"),
    QT_TRANSLATE_NOOP("EngineText", "the gradient of step {last}'s error"),
    QT_TRANSLATE_NOOP("EngineText", "the gradient"),
    QT_TRANSLATE_NOOP("EngineText", "Vanishing through time: {reach} reaching the {state} at time step {first} is "
                                    "{ratio} of the one reaching it at step {last} — it shrinks on its way back "
                                    "through the time steps"),
    QT_TRANSLATE_NOOP("EngineText", "Exploding through time: {reach} reaching the {state} at time step {first} is "
                                    "{ratio}× the one reaching it at step {last}; clipping scales each step's "
                                    "gradient down to norm {clip:g} at most, so the updates stay bounded"),
    QT_TRANSLATE_NOOP("EngineText", "Exploding through time: {reach} reaching the {state} at time step {first} is "
                                    "{ratio}× the one reaching it at step {last}; clipping holds each gradient "
                                    "component within ±{clip:g}, so the updates stay bounded"),
    QT_TRANSLATE_NOOP("EngineText", "Exploding through time: {reach} reaching the {state} at time step {first} is "
                                    "{ratio}× the one reaching it at step {last} — it grows on its way back through "
                                    "the time steps"),
    QT_TRANSLATE_NOOP("EngineText", "Healthy: backpropagation through time spans a single step, so the gradient "
                                    "crosses no step where it could vanish or explode"),
    QT_TRANSLATE_NOOP("EngineText", "No gradient reached step {last}, so there is none to follow back through time"),
    QT_TRANSLATE_NOOP("EngineText", "Exploding: the gradient norm grew {ratio}× in {steps} step(s) — clipping keeps "
                                    "the updates bounded; lower the learning rate if it keeps growing"),
    QT_TRANSLATE_NOOP("EngineText", "Dead units: {fraction} of the recurrent layer's units have f′ = 0 for every "
                                    "sample at every time step, so no gradient passes through them — start from the "
                                    "identity (IRNN) or lower the learning rate"),
    QT_TRANSLATE_NOOP("EngineText", "Dead time step: at time step {time} every unit of the recurrent layer has f′ = 0 "
                                    "for every sample, so no gradient flows back past it to the earlier steps — start "
                                    "from the identity (IRNN) or lower the learning rate"),
    QT_TRANSLATE_NOOP("EngineText", "Dead units: the exploding update at step {step} (it changed weights by {ratio}× "
                                    "their own size) switched off {fraction} of the recurrent layer's units — they "
                                    "have f′ = 0 for every sample at every time step and get no gradient to recover; "
                                    "lower the learning rate or clip the gradient"),
    QT_TRANSLATE_NOOP("EngineText", "Dead time step: the exploding update at step {step} (it changed weights by "
                                    "{ratio}× their own size) switched off every unit of the recurrent layer at time "
                                    "step {time} — no gradient flows back past it to the earlier steps; lower the "
                                    "learning rate or clip the gradient"),
    QT_TRANSLATE_NOOP("EngineText", "weight_names: a recurrent network's weights have no lecture names (use null)"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: unknown cell {value!r} (known: {known})"),
    QT_TRANSLATE_NOOP("EngineText", "σ′ of the {gate} gate at step {t}"),
    QT_TRANSLATE_NOOP("EngineText", "the weight is shared by all {n} time steps: their contributions add up"),
    QT_TRANSLATE_NOOP("EngineText", "the gradient reaching h_{t} through every later path (BPTT)"),
    QT_TRANSLATE_NOOP("EngineText", "every route from c_{t} to the error, added up"),
    QT_TRANSLATE_NOOP("EngineText", "δ of the output, ∂E/∂net_out"),
    QT_TRANSLATE_NOOP("EngineText", "the gradient at step {t}: the one at step {last} times every step's gain on the "
                                    "way back"),
    QT_TRANSLATE_NOOP("EngineText", "δ of the gate at step {t}, summed by truncated BPTT over the loss terms that "
                                    "reach it"),
    QT_TRANSLATE_NOOP("EngineText", "{activation}′ at step {t}"),
    QT_TRANSLATE_NOOP("EngineText", "outside the BPTT window: no gradient"),
    QT_TRANSLATE_NOOP("EngineText", "the readout is shared by all {n} time steps: their contributions add up"),
    QT_TRANSLATE_NOOP("EngineText", "the gradient reaching step {t}"),
    QT_TRANSLATE_NOOP("EngineText", "one step back, from {later} to {t}"),
    QT_TRANSLATE_NOOP("EngineText", "the candidate value written"),
    QT_TRANSLATE_NOOP("EngineText", "the output gate"),
    QT_TRANSLATE_NOOP("EngineText", "tanh′ of the cell state"),
    QT_TRANSLATE_NOOP("EngineText", "δ of the candidate n at step {t}"),
    QT_TRANSLATE_NOOP("EngineText", "what the reset gate scales"),
    QT_TRANSLATE_NOOP("EngineText", "the reset gate, which scales the n gate's hidden part"),
    QT_TRANSLATE_NOOP("EngineText", "the state {weight} multiplies at step {t}"),
    QT_TRANSLATE_NOOP("EngineText", "the input {weight} multiplies at step {t}"),
    QT_TRANSLATE_NOOP("EngineText", "the cell's output"),
    QT_TRANSLATE_NOOP("EngineText", "the cell state kept from step {t}"),
    QT_TRANSLATE_NOOP("EngineText", "the input gate"),
    QT_TRANSLATE_NOOP("EngineText", "tanh′ of the candidate at step {t}"),
    QT_TRANSLATE_NOOP("EngineText", "the share of the new value"),
    QT_TRANSLATE_NOOP("EngineText", "old state minus candidate"),
    QT_TRANSLATE_NOOP("EngineText", "the last hidden state, which the readout reads"),
    QT_TRANSLATE_NOOP("EngineText", "the gradient reaching the cell state at step {t} (BPTT)"),
    QT_TRANSLATE_NOOP("EngineText", "the forget gate: the cell state's additive path, its \"+1\" gated"),
    QT_TRANSLATE_NOOP("EngineText", "the hidden state the readout reads at step {t}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: a recurrent network's readout is one layer (the output), got {count}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: the readout reads the hidden state, so it must equal {other} ({size}), "
                                    "got {value}"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: a recurrent network's readout has no batch norm, residual link or edge "
                                    "mask"),
    QT_TRANSLATE_NOOP("EngineText", "{field}: LSUV fits feed-forward layers to the data; choose another initialiser "
                                    "for the readout"),
    QT_TRANSLATE_NOOP("EngineText", "Non-finite {quantity} in layer {layer} at time step {time} of step {step} — "
                                    "lower the learning rate or enable clipping"),
    QT_TRANSLATE_NOOP("EngineText", "Every unit of the recurrent layer is dead at time step {time} (f′ = 0 for every "
                                    "sample) at step {step}, right after the exploding update of step {cause} changed "
                                    "weights by {ratio}× their own size — the explosion switched them off; lower the "
                                    "learning rate or clip the gradient"),
    QT_TRANSLATE_NOOP("EngineText", "Every unit of the recurrent layer is dead at time step {time} (f′ = 0 for every "
                                    "sample) at step {step} — no gradient flows back through time past it; lower the "
                                    "learning rate or start from the identity (IRNN)"),
})

# the datasets' one-line descriptions (gradsim.engine.datasets.DESCRIPTIONS), for the dataset combo
DATASET_DESCRIPTIONS = {
    "seed": QT_TRANSLATE_NOOP("Datasets", "the lecture's single sample: inputs (0.05, 0.10), targets (0.01, 0.99)"),
    "xor": QT_TRANSLATE_NOOP("Datasets", "XOR: class 1 where x·y > 0 (not linearly separable)"),
    "circles": QT_TRANSLATE_NOOP("Datasets", "two circles: an inner disc inside a ring"),
    "gaussians": QT_TRANSLATE_NOOP("Datasets", "two Gaussian blobs (linearly separable)"),
    "spiral": QT_TRANSLATE_NOOP("Datasets", "two interleaved spirals (needs depth)"),
    "sine": QT_TRANSLATE_NOOP("Datasets", "1-D regression of y = sin(πx)"),
}


# the sequence tasks' one-line descriptions (gradsim.engine.sequences.DESCRIPTIONS)
TASK_DESCRIPTIONS = {
    "memory": QT_TRANSLATE_NOOP("Datasets", "recall the first input (±1) at the last of T steps"),
    "adding": QT_TRANSLATE_NOOP("Datasets", "add the two marked numbers of a sequence (Hochreiter's adding problem)"),
    "parity": QT_TRANSLATE_NOOP("Datasets", "the parity (XOR) of a sequence of bits"),
    "sine-next": QT_TRANSLATE_NOOP("Datasets", "predict a sine wave's next value at every step"),
}


def translated(value) -> str:
    """``value`` in the UI language if it is engine :class:`Text`; other values as ``str``."""
    if not isinstance(value, Text):
        return "" if value is None else str(value)
    fields = {key: translated(v) if isinstance(v, Text) else v for key, v in value.fields.items()}
    try:
        return QCoreApplication.translate(CONTEXT, value.template).format(**fields)
    except (KeyError, IndexError, ValueError):  # a translation with broken placeholders: keep the English
        return str(value)


def error_text(exc: BaseException) -> str:
    """An engine exception's message (EditError, FormatError, ValueError…) in the UI language."""
    return translated(reason(exc))


def nonfinite_text(nonfinite) -> str:
    """Where and when a run went non-finite — a :class:`NonFinite` or its ``to_dict()`` (as
    snapshots carry it; a recurrent run's names the time step too) — in the UI language."""
    if nonfinite is None:
        return ""
    if isinstance(nonfinite, dict):
        try:
            nonfinite = NonFinite(int(nonfinite["step"]), nonfinite.get("layer"), str(nonfinite["quantity"]),
                                  nonfinite.get("time"))
        except (KeyError, TypeError, ValueError):
            return str(nonfinite.get("message", ""))
    return translated(nonfinite.message)


def event_text(event) -> str:
    """A :class:`RunEvent` (or its ``to_dict()``) in the UI language."""
    if isinstance(event, dict):
        try:
            event = RunEvent(int(event["step"]), int(event["layer"]), str(event["kind"]), event.get("explosion"),
                             event.get("time"))
        except (KeyError, TypeError, ValueError):
            return str(event.get("message", ""))
    return translated(event.message)


def paused_text(step: int, nonfinite) -> str:
    """The status-bar line when a run stops on a non-finite value."""
    return QCoreApplication.translate("EngineText", "Paused at step {step}: {message}").format(
        step=step, message=nonfinite_text(nonfinite))


def dataset_description(name: str) -> str:
    """The dataset's (or sequence task's) one-line description in the UI language."""
    text = DESCRIPTIONS.get(name) or TASK_DESCRIPTIONS.get(name, "")
    return QCoreApplication.translate("Datasets", text) if text else ""


__all__ = ["TEMPLATES", "DATASET_DESCRIPTIONS", "TASK_DESCRIPTIONS", "translated", "error_text", "nonfinite_text",
           "event_text", "paused_text", "dataset_description"]
