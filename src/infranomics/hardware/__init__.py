"""What an accelerator is: peak throughput by precision, memory, power, interconnect, price."""

from .accelerator import PRECISIONS, Accelerator, get_accelerator, list_accelerators
from .rental import RentalQuote, median_rental_usd

__all__ = ["PRECISIONS", "Accelerator", "RentalQuote", "get_accelerator", "list_accelerators", "median_rental_usd"]
