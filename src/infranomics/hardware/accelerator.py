"""The :class:`Accelerator` record built from the ``accelerators`` catalog dataset."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..catalog.cells import opt_float
from ..errors import InputError

__all__ = ["PRECISIONS", "Accelerator", "get_accelerator", "list_accelerators"]

#: Weight/compute precisions and their storage size. [bytes per parameter]
PRECISIONS: dict[str, float] = {
    "fp32": 4.0,
    "bf16": 2.0,
    "fp16": 2.0,
    "fp8": 1.0,
    "int8": 1.0,
    "fp4": 0.5,
    "mxfp4": 0.53125,  # 4-bit values + one 8-bit shared scale per 32-element block (OCP MX spec v1.0)
    "nvfp4": 0.5625,  # 4-bit values + one FP8 scale per 16-element block (NVIDIA Blackwell NVFP4)
    "int4": 0.5,
}


@dataclass(frozen=True)
class Accelerator:
    """One AI accelerator (per-GPU figures for multi-GPU superchips).

    Attributes carry their units in brackets; peaks are dense (no sparsity).
    """

    name: str
    vendor: str
    family: str
    launch_year: int
    bf16_tflops: float  #: dense BF16 peak [TFLOP/s]
    hbm_gb: float  #: HBM capacity [GB]
    hbm_tbps: float  #: HBM bandwidth [TB/s]
    tdp_w: float  #: thermal design power [W]
    fp8_tflops: float | None = None  #: dense FP8 peak [TFLOP/s]
    fp4_tflops: float | None = None  #: dense FP4 peak [TFLOP/s]
    int8_tops: float | None = None  #: dense INT8 peak [TOP/s]
    scaleup_gb_s: float | None = None  #: scale-up bandwidth, bidirectional total [GB/s]
    scaleup_domain: int | None = None  #: accelerators per scale-up domain [-]
    scaleup_link: str | None = None
    scaleout_gbit_s: float | None = None  #: scale-out bandwidth per accelerator [Gb/s]
    price: float | None = None  #: purchase price estimate [price_currency]
    price_currency: str | None = None
    price_year: int | None = None
    form_factor: str = "sxm"

    @classmethod
    def from_row(cls, row: pd.Series) -> Accelerator:
        """Build from a row of the ``accelerators`` dataset."""
        py = opt_float(row.get("price_year"))
        dom = opt_float(row.get("scaleup_domain"))
        return cls(
            name=str(row["name"]), vendor=str(row["vendor"]), family=str(row["family"]),
            launch_year=int(row["launch_year"]), bf16_tflops=float(row["bf16_tflops"]),
            hbm_gb=float(row["hbm_gb"]), hbm_tbps=float(row["hbm_tbps"]), tdp_w=float(row["tdp_w"]),
            fp8_tflops=opt_float(row.get("fp8_tflops")), fp4_tflops=opt_float(row.get("fp4_tflops")),
            int8_tops=opt_float(row.get("int8_tops")), scaleup_gb_s=opt_float(row.get("scaleup_gb_s")),
            scaleup_domain=None if dom is None else int(dom),
            scaleup_link=None if pd.isna(row.get("scaleup_link")) else str(row.get("scaleup_link")),
            scaleout_gbit_s=opt_float(row.get("scaleout_gbit_s")), price=opt_float(row.get("price")),
            price_currency=None if pd.isna(row.get("price_currency")) else str(row.get("price_currency")),
            price_year=None if py is None else int(py), form_factor=str(row.get("form_factor") or "sxm"),
        )

    def peak_tflops(self, precision: str) -> float:
        """Dense tensor peak for compute in ``precision``. [TFLOP/s]

        A precision the chip lacks in hardware runs at the next wider supported path
        (FP4 → FP8 → BF16), as serving stacks do when they upcast weights.
        """
        p = precision.lower()
        if p not in PRECISIONS:
            from ..errors import unknown_name

            raise unknown_name("precision", precision, PRECISIONS, field="precision")
        if p in ("fp4", "mxfp4", "nvfp4", "int4") and self.fp4_tflops:
            return self.fp4_tflops
        if p in ("fp4", "mxfp4", "nvfp4", "int4", "fp8") and self.fp8_tflops:
            return self.fp8_tflops
        if p == "int8" and (self.int8_tops or self.fp8_tflops):
            return float(self.int8_tops or self.fp8_tflops)
        if p == "fp32":
            return self.bf16_tflops / 2.0
        return self.bf16_tflops

    def supports(self, precision: str) -> bool:
        """True when ``precision`` has a native tensor path on this chip."""
        p = precision.lower()
        if p in ("bf16", "fp16", "fp32"):
            return True
        if p == "fp8":
            return self.fp8_tflops is not None
        if p == "int8":
            return self.int8_tops is not None or self.fp8_tflops is not None
        return self.fp4_tflops is not None

    @property
    def tdp_kw(self) -> float:
        """Thermal design power. [kW]"""
        return self.tdp_w / 1000.0


def get_accelerator(name: str, catalog: Catalog | None = None) -> Accelerator:
    """Look up an accelerator by name or alias (did-you-mean on a miss)."""
    if not str(name).strip():
        raise InputError("accelerator name is empty", field="gpu")
    cat = catalog if catalog is not None else default_catalog()
    return cat.memo(f"accelerator:{str(name).strip().lower()}",
                    lambda: Accelerator.from_row(cat.find("accelerators", name)))


def list_accelerators(catalog: Catalog | None = None) -> list[str]:
    """Names of every accelerator in the catalog."""
    cat = catalog if catalog is not None else default_catalog()
    return cat.load("accelerators")["name"].astype(str).tolist()
